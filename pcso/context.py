"""Who is acting, from where, for the audit trail.

Web requests, API calls, Celery tasks and management commands each set the
context once at their entry point; `audit` reads it when it writes an event, so
services never have to thread request details through their arguments.
"""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ActingContext:
    source: str = "command"  # web | api | task | command
    request_id: str = ""
    ip_address: str | None = None


_current = contextvars.ContextVar("acting_context", default=ActingContext())  # noqa: B039 (frozen)


def current() -> ActingContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting(*, source: str, request_id: str | None = None, ip_address: str | None = None):
    token = _current.set(ActingContext(source=source, request_id=request_id or new_request_id(), ip_address=ip_address))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_source(source: str) -> None:
    """Refine the source of the current request (a web request that turns out to be API)."""
    _current.set(replace(_current.get(), source=source))
