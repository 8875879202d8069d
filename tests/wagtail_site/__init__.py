"""A minimal Wagtail site on SQLite for tests/test_wagtail.py (run in a subprocess)."""
