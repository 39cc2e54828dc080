"""Writes for neighbourhoods and assignments. Each writes its audit row."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.choices import Category
from audit.services import audit_record

from .choices import AssignmentKind
from .models import Assignment, Neighbourhood, NeighbourhoodLsoa, validate_lsoa_code

NEIGHBOURHOOD_CSV_HEADER = ["code", "name", "lsoa_code"]


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lsoas: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"neighbourhoods: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.lsoas} LSOAs; {len(self.errors)} bad rows skipped"
        )


@transaction.atomic
def neighbourhood_upsert(
    *, actor, code: str, name: str, lsoas: dict[str, str], boundary: dict | None = None
) -> tuple[Neighbourhood, str]:
    """Create or update a neighbourhood so that it holds exactly `lsoas` (code -> name).

    Returns the neighbourhood and "created", "updated" or "unchanged". An LSOA
    that belonged to another neighbourhood moves here.
    """
    neighbourhood, created = Neighbourhood.objects.get_or_create(code=code, defaults={"name": name})
    current = dict(neighbourhood.lsoas.values_list("lsoa_code", "lsoa_name"))
    changed = created or neighbourhood.name != name or current != lsoas
    if boundary is not None and neighbourhood.boundary != boundary:
        changed = True
    if not changed:
        return neighbourhood, "unchanged"
    before = {"name": neighbourhood.name, "lsoa_codes": sorted(current)}
    neighbourhood.name = name
    if boundary is not None:
        neighbourhood.boundary = boundary
    neighbourhood.save()
    neighbourhood.lsoas.exclude(lsoa_code__in=lsoas).delete()
    NeighbourhoodLsoa.objects.filter(lsoa_code__in=lsoas).exclude(neighbourhood=neighbourhood).delete()
    existing = set(neighbourhood.lsoas.values_list("lsoa_code", flat=True))
    NeighbourhoodLsoa.objects.bulk_create(
        NeighbourhoodLsoa(neighbourhood=neighbourhood, lsoa_code=lsoa, lsoa_name=lsoa_name)
        for lsoa, lsoa_name in lsoas.items()
        if lsoa not in existing
    )
    for lsoa, lsoa_name in lsoas.items():
        if lsoa in existing and current.get(lsoa) != lsoa_name:
            neighbourhood.lsoas.filter(lsoa_code=lsoa).update(lsoa_name=lsoa_name)
    outcome = "created" if created else "updated"
    audit_record(
        actor=actor,
        category=Category.COLLECTION if created else Category.ALTERATION,
        action=f"neighbourhood.{'create' if created else 'update'}",
        obj=neighbourhood,
        details={"before": None if created else before, "after": {"name": name, "lsoa_codes": sorted(lsoas)}},
    )
    return neighbourhood, outcome


def read_neighbourhood_csv(path: Path) -> tuple[dict[str, dict], list[str]]:
    """Parse `code,name,lsoa_code` rows. Returns {code: {name, lsoas}} and error lines."""
    neighbourhoods: dict[str, dict] = {}
    errors: list[str] = []
    lsoa_owner: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(NEIGHBOURHOOD_CSV_HEADER) - set(reader.fieldnames or [])
        if missing:
            raise ValidationError(
                f"{path}: header must be {','.join(NEIGHBOURHOOD_CSV_HEADER)} (missing {', '.join(sorted(missing))})"
            )
        for row in reader:
            code, name, lsoa = ((row.get(key) or "").strip() for key in NEIGHBOURHOOD_CSV_HEADER)
            problem = neighbourhood_row_problem(code, name, lsoa, neighbourhoods, lsoa_owner)
            if problem:
                errors.append(f"{path}:{reader.line_num}: {problem}")
                continue
            lsoa_owner[lsoa] = code
            neighbourhoods.setdefault(code, {"name": name, "lsoas": {}})["lsoas"][lsoa] = ""
    return neighbourhoods, errors


def neighbourhood_row_problem(code, name, lsoa, neighbourhoods, lsoa_owner) -> str:
    if not code or not name or not lsoa:
        return "code, name and lsoa_code are all required"
    if len(code) > 50 or not code.replace("-", "").replace("_", "").isalnum():
        return f"code {code!r} must be letters, digits, - or _ (at most 50)"
    try:
        validate_lsoa_code(lsoa)
    except ValidationError as exc:
        return exc.messages[0]
    if code in neighbourhoods and neighbourhoods[code]["name"] != name:
        return f"neighbourhood {code} already named {neighbourhoods[code]['name']!r} on an earlier row"
    if lsoa_owner.get(lsoa, code) != code:
        return f"LSOA {lsoa} is already in neighbourhood {lsoa_owner[lsoa]}"
    return ""


def neighbourhoods_load_csv(*, actor, path: Path) -> LoadReport:
    """Idempotent upsert of the neighbourhoods in a CSV; bad rows are reported and skipped."""
    parsed, errors = read_neighbourhood_csv(path)
    report = LoadReport(errors=errors)
    with transaction.atomic():
        for code, data in parsed.items():
            _, outcome = neighbourhood_upsert(actor=actor, code=code, name=data["name"], lsoas=data["lsoas"])
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.lsoas += len(data["lsoas"])
    return report


@transaction.atomic
def assignments_set(*, actor, user, neighbourhoods: list[Neighbourhood], kind: str) -> None:
    """Make `user`'s assignments of `kind` exactly `neighbourhoods`."""
    if kind not in AssignmentKind.values:
        raise ValidationError({"kind": f"Unknown assignment kind {kind!r}."})
    wanted = {n.pk for n in neighbourhoods}
    current = set(Assignment.objects.filter(user=user, kind=kind).values_list("neighbourhood_id", flat=True))
    if wanted == current:
        return
    Assignment.objects.filter(user=user, kind=kind).exclude(neighbourhood_id__in=wanted).delete()
    Assignment.objects.bulk_create(Assignment(user=user, neighbourhood_id=pk, kind=kind) for pk in wanted - current)
    audit_record(
        actor=actor,
        category=Category.ALTERATION,
        action="assignment.set",
        obj=user,
        details={"kind": kind, "before": sorted(current), "after": sorted(wanted)},
    )
