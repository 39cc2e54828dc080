"""Writes for neighbourhoods and assignments. Each writes its audit row."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from community.choices import AssignmentKind
from community.models.neighbourhoods import Assignment, Neighbourhood, NeighbourhoodLsoa, validate_lsoa_code

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
    taken = NeighbourhoodLsoa.objects.filter(lsoa_code__in=lsoas).exclude(neighbourhood=neighbourhood)
    lsoas_taken_from_others(actor=actor, taken=taken, to=neighbourhood)
    taken.delete()
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


def lsoas_taken_from_others(*, actor, taken, to: Neighbourhood) -> None:
    """Audit, on each neighbourhood that loses LSOAs to `to`, what it had before and after."""
    losing: dict[int, list[str]] = {}
    for neighbourhood_id, lsoa in taken.values_list("neighbourhood_id", "lsoa_code"):
        losing.setdefault(neighbourhood_id, []).append(lsoa)
    for other in Neighbourhood.objects.filter(pk__in=losing):
        had = sorted(other.lsoas.values_list("lsoa_code", flat=True))
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="neighbourhood.update",
            obj=other,
            details={
                "before": {"name": other.name, "lsoa_codes": had},
                "after": {"name": other.name, "lsoa_codes": sorted(set(had) - set(losing[other.pk]))},
                "lsoas_moved_to": to.code,
            },
        )


def read_neighbourhood_csv(path: Path) -> tuple[dict[str, dict], list[str]]:
    """Parse `code,name,lsoa_code` rows. Returns {code: {name, lsoas}} and error lines.

    A file that is not UTF-8 text, or lacks a column, raises ValidationError (nothing loads).
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return parse_neighbourhood_rows(path, csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start + 1}); save it as CSV UTF-8"
        ) from exc
    except csv.Error as exc:
        raise ValidationError(f"{path}: not a CSV file ({exc})") from exc


def parse_neighbourhood_rows(path: Path, reader) -> tuple[dict[str, dict], list[str]]:
    header = [name.strip() for name in next(reader, None) or []]
    missing = set(NEIGHBOURHOOD_CSV_HEADER) - set(header)
    if missing:
        raise ValidationError(
            f"{path}: header must be {','.join(NEIGHBOURHOOD_CSV_HEADER)} (missing {', '.join(sorted(missing))})"
        )
    column = {name: header.index(name) for name in NEIGHBOURHOOD_CSV_HEADER}
    neighbourhoods: dict[str, dict] = {}
    errors: list[str] = []
    lsoa_owner: dict[str, str] = {}
    for fields in reader:
        if not any(field.strip() for field in fields):  # a blank line
            continue
        code, name, lsoa = (
            fields[column[key]].strip() if column[key] < len(fields) else "" for key in NEIGHBOURHOOD_CSV_HEADER
        )
        problem = neighbourhood_row_problem(code, name, lsoa, neighbourhoods, lsoa_owner)
        if problem:
            errors.append(f"{path}:{reader.line_num}: {problem}")
            continue
        lsoa_owner[lsoa] = code
        neighbourhoods.setdefault(code, {"name": name, "lsoas": {}})["lsoas"][lsoa] = ""
    return neighbourhoods, errors


CODE_RE = re.compile(r"^[A-Za-z0-9_-]+$")
CODE_MAX = Neighbourhood._meta.get_field("code").max_length
NAME_MAX = Neighbourhood._meta.get_field("name").max_length


def neighbourhood_row_problem(code, name, lsoa, neighbourhoods, lsoa_owner) -> str:  # noqa: PLR0911
    if not code or not name or not lsoa:
        return "code, name and lsoa_code are all required"
    if len(code) > CODE_MAX or not CODE_RE.match(code):
        return f"code {code!r} must be letters, digits, - or _ (at most {CODE_MAX})"
    if len(name) > NAME_MAX or "\x00" in name:
        return f"name must be at most {NAME_MAX} characters of text"
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
        # What each neighbourhood held before this file: one named earlier in the file may
        # take LSOAs from one named later, which is then changed though its own upsert has
        # nothing left to do.
        before = {
            neighbourhood.code: (neighbourhood.name, {lsoa.lsoa_code for lsoa in neighbourhood.lsoas.all()})
            for neighbourhood in Neighbourhood.objects.filter(code__in=list(parsed)).prefetch_related("lsoas")
        }
        for code, data in parsed.items():
            _, outcome = neighbourhood_upsert(actor=actor, code=code, name=data["name"], lsoas=data["lsoas"])
            if outcome == "unchanged" and before[code] != (data["name"], set(data["lsoas"])):
                outcome = "updated"
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
