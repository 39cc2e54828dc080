"""Insert-or-update of parsed crime rows, keyed by (source, row_key)."""

from collections.abc import Iterable

from django.utils import timezone

from incidents.models import Crime

BATCH = 2000


def existing_rows(queryset, fields: list[str]) -> dict[str, dict]:
    """row_key -> {id, field values} for the rows a file could touch."""
    return {
        values["row_key"]: values for values in queryset.values("id", "row_key", *fields).iterator(chunk_size=BATCH)
    }


def crimes_upsert(*, rows: list[dict], existing: dict[str, dict], compare: list[str]) -> tuple[int, int]:
    """Create rows whose key is new; update `compare` fields on rows that changed.

    Returns (created, updated). Rows identical to what is stored are left alone,
    so re-importing a file writes nothing.
    """
    to_create, to_update = [], []
    now = timezone.now()
    for row in rows:
        stored = existing.get(row["row_key"])
        if stored is None:
            to_create.append(Crime(**row))
        elif any(stored[name] != row[name] for name in compare):
            changes = {name: row[name] for name in compare}
            to_update.append(Crime(id=stored["id"], updated_at=now, **changes))
    Crime.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Crime.objects.bulk_update(to_update, [*compare, "updated_at"], batch_size=BATCH)
    return len(to_create), len(to_update)


def chunked(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
