"""The Herbert Protocol form for a person with dementia (docs/missing-persons.md)."""

from typing import Any

from django.db import transaction

from audit.changes import save_new_version
from missing_persons.models import (
    HerbertProtocol,
    MissingPersonCase,
)
from missing_persons.services.common import require_may_work, snapshot
from missing_persons.services.photos import attach_photo
from pcso.concurrency import locked

HERBERT_FIELDS = ["description", "routines", "significant_places", "medication", "handed_over_by"]


# --- Herbert Protocol --------------------------------------------------------------------


def herbert_protocol_save(*, actor, case: MissingPersonCase, fields: dict[str, Any], photo=None) -> HerbertProtocol:
    """Attach (or update) the Herbert Protocol form handed over for a person with dementia."""
    require_may_work(actor, case, "missing_case.herbert_protocol")
    unknown = set(fields) - set(HERBERT_FIELDS)
    if unknown:
        raise TypeError(f"Not Herbert Protocol fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(case)
        form = HerbertProtocol.objects.select_for_update().filter(case=current).first()
        created = form is None
        form = form or HerbertProtocol(case=current, recorded_by=actor)
        before = {} if created else snapshot(form, HERBERT_FIELDS)
        for name, value in fields.items():
            setattr(form, name, (value or "").strip())
        if photo is not None:
            attach_photo(form, photo)
        form.full_clean(exclude=["case", "recorded_by"])
        after = snapshot(form, HERBERT_FIELDS)
        changes = {
            name: {"old": before.get(name), "new": after[name]} for name in after if before.get(name) != after[name]
        }
        if photo is not None:
            changes["photo"] = {"old": None, "new": "added"}
        if not changes and not created:
            return form
        form.recorded_by = actor
        form.save()
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.herbert_protocol",
            changes=changes,
            fields=[],
            created=created,
        )
    return form
