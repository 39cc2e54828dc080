"""Test-run defaults, loaded as a plugin (-p) before Django settings are read:
a throwaway secret key and plain HTTP (no SSL redirect)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_HTTPS", "0")
