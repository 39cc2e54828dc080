import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_passwords_and_fresh_throttles(settings):
    """A fast hasher (every sign-in hashes once), and no token-throttle history from other tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()
