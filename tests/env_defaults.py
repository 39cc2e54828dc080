"""Test-run defaults, loaded as a plugin (-p) before Django settings are read:
a throwaway secret key, plain HTTP (no SSL redirect) and unhashed static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
# The browser tests' live server must not hold connections open past the test run.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
