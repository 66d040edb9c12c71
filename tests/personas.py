"""The password every test persona logs in with (see the root conftest.py)."""

PASSWORD = "Thidua@2026"
