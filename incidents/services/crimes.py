"""Writes for recorded crime."""

from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from community.geo import NeighbourhoodLocator

from .models import Crime


@transaction.atomic
def crimes_assign_neighbourhoods(*, actor) -> dict[str, int]:
    """Re-place every crime after neighbourhoods change: by LSOA, else by point in boundary.

    Crimes outside every neighbourhood keep neighbourhood = NULL (counted as unassigned).
    """
    locator = NeighbourhoodLocator.load()
    by_neighbourhood: dict[int, list[str]] = {}
    for lsoa, neighbourhood_id in locator.lsoa_to_neighbourhood.items():
        by_neighbourhood.setdefault(neighbourhood_id, []).append(lsoa)
    moved = 0
    for neighbourhood_id, lsoas in by_neighbourhood.items():
        for start in range(0, len(lsoas), 500):
            moved += (
                Crime.objects.filter(lsoa_code__in=lsoas[start : start + 500])
                .exclude(neighbourhood_id=neighbourhood_id)
                .update(neighbourhood_id=neighbourhood_id)
            )
    moved += place_crimes_outside_known_lsoas(locator)
    unassigned = Crime.objects.filter(neighbourhood__isnull=True).count()
    audit_record(
        actor=actor,
        category=Category.COMBINATION,
        action="crime.assign_neighbourhoods",
        object_type="incidents.crime",
        details={"moved": moved, "unassigned": unassigned},
    )
    return {"moved": moved, "unassigned": unassigned}


def place_crimes_outside_known_lsoas(locator: NeighbourhoodLocator) -> int:
    """Crimes whose LSOA is in no neighbourhood: point-in-boundary, or unassigned."""
    outside = Crime.objects.exclude(lsoa_code__in=list(locator.lsoa_to_neighbourhood))
    if locator.tree is None:
        return outside.exclude(neighbourhood=None).update(neighbourhood=None)
    changes: dict[int | None, list[int]] = {}
    for pk, current, lon, lat in outside.values_list("id", "neighbourhood_id", "longitude", "latitude").iterator(
        chunk_size=5000
    ):
        wanted = locator.locate("", lon, lat)
        if wanted != current:
            changes.setdefault(wanted, []).append(pk)
    for neighbourhood_id, pks in changes.items():
        for start in range(0, len(pks), 500):
            Crime.objects.filter(pk__in=pks[start : start + 500]).update(neighbourhood_id=neighbourhood_id)
    return sum(len(pks) for pks in changes.values())
