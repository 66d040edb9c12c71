"""Movements: one module per area (movements, registrations, progress, reviews)."""
