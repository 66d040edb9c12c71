"""/quyet-dinh/ screens, one module per area; each brings its url patterns."""
