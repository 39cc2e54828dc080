"""Optimistic concurrency: a write must say which version of the record it was based on."""

from typing import TypeVar

from django.db import models

Row = TypeVar("Row", bound=models.Model)


class StaleVersionError(Exception):
    """Someone else changed the record since the writer read it; nothing was saved.

    `current` is the record as it is now, so the caller can show what changed.
    """

    def __init__(self, current):
        super().__init__(f"{current} has changed since you read it.")
        self.current = current


def locked(row: Row, version: int | None = None, *, queryset: models.QuerySet | None = None) -> Row:
    """`row` read again, locked until the end of the transaction (call it inside one).

    `version` is the one the writer read: if the row has moved on since, StaleVersionError
    carries the row as it is now and nothing changes. None skips the check, for changes that
    add to a record (a sighting, a visit) rather than rewrite what someone read. `queryset`
    says how to read it (e.g. with select_related); by default the model's own manager.
    """
    source = type(row)._default_manager if queryset is None else queryset
    return check_version(source.select_for_update().get(pk=row.pk), version)


def check_version(current: Row, version: int | None) -> Row:
    """`current` (read under a lock) if it is still at `version` (None: no check)."""
    if version is not None and current.version != version:
        raise StaleVersionError(current)
    return current
