"""Writes for recorded crime."""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery

from audit.choices import Category
from audit.services import audit_record
from community.geo import NeighbourhoodLocator
from community.models.neighbourhoods import NeighbourhoodLsoa
from crimes.models import Crime


@transaction.atomic
def crimes_assign_neighbourhoods(*, actor) -> dict[str, int]:
    """Re-place every crime after neighbourhoods change: by LSOA, else by point in boundary.

    Crimes outside every neighbourhood keep neighbourhood = NULL (counted as unassigned).
    """
    locator = NeighbourhoodLocator.load()
    # One set-based UPDATE (a join on the LSOA list) rather than one per neighbourhood:
    # it needs no index on lsoa_code, which the bulk import would pay for on every row.
    target = NeighbourhoodLsoa.objects.filter(lsoa_code=OuterRef("lsoa_code")).values("neighbourhood_id")[:1]
    misplaced = (
        Crime.objects.filter(lsoa_code__in=NeighbourhoodLsoa.objects.values("lsoa_code"))
        .annotate(target=Subquery(target))
        .exclude(neighbourhood_id=F("target"))
    )
    moved = misplaced.update(neighbourhood_id=Subquery(target))
    moved += place_crimes_outside_known_lsoas(locator)
    unassigned = Crime.objects.filter(neighbourhood__isnull=True).count()
    audit_record(
        actor=actor,
        category=Category.COMBINATION,
        action="crime.assign_neighbourhoods",
        object_type=Crime._meta.label_lower,
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
