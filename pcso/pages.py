"""What every page module does with a service's answer to a form post."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from pcso.concurrency import StaleVersionError


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


def rebased_form(form_class, request, current, **kwargs):
    """Someone saved first: the editor's answers on top of the record as it is now (its
    version), checked, so saving again is a deliberate choice rather than a silent overwrite."""
    data = request.POST.copy()
    data["version"] = current.version
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form


def add_errors(form, exc: ValidationError) -> None:
    """Service errors on the form's own fields go there; the rest (people[0], ...) on top."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        form.add_error(field if field in form.fields else None, errors)


def form_errors(form) -> ValidationError:
    """A detail-page form's field errors as one message, each with its field's label."""
    labels = {name: field.label for name, field in form.fields.items()}
    return ValidationError(
        [f"{labels[name]}: {error}" if name in labels else error for name, errors in form.errors.items()
         for error in errors]
    )  # fmt: skip


def invalid(form):
    def fail():
        raise form_errors(form)

    return fail
