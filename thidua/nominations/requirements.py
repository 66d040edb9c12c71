"""Documents a dossier must carry (law.md §7.2), per award type and basis (being written)."""
