"""What every page module does with a service's answer to a form post."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from .concurrency import StaleVersionError


def stale_message(thing: str) -> str:
    return (
        f"Someone else changed this {thing} while you had it open. "
        "Nothing was saved: check what it says now and try again."
    )


def refusal_text(exc: PermissionDenied | ValidationError) -> str:
    """A service's refusal in words for a page message."""
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def run_and_report(request, work: Callable[[], object], *, success: str, back_to: str, thing: str = "record"):
    """Run a detail-page form's service; every outcome is a message on the page it came from."""
    try:
        work()
    except StaleVersionError:
        messages.error(request, stale_message(thing))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, success)
    return redirect(back_to)
