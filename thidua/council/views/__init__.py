"""Council screens, one module per area."""
