"""What a parity case needs of an action: how to build its record, what the page's form posts
(as a browser sends it, with the version it read), what the API is sent (with the ETag it
read), and what the action changes, read from the database. `fixture` is pytest's
getfixturevalue: the personas and places of tests/conftest.py."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Action:
    build: Callable  # (fixture) -> the record, in the state the case needs
    page: Callable  # (record) -> (url, form data) the page's form posts
    api: Callable  # (record) -> (method, url, body, If-Match or None)
    state: Callable  # (record) -> what the action changes, read afresh from the database
    shown_on: Callable | None = None  # (record) -> the page whose form or button offers it


def local(delta: timedelta) -> str:
    """A time as the page's datetime-local field sends it."""
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def iso(delta: timedelta) -> str:
    return (timezone.now() + delta).isoformat()
