"""The enquiry's premises: added one by one or imported from a CSV (bad rows reported by line)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from crimes.importers.police_uk import records
from enquiries.models import Enquiry, Premises
from enquiries.services.common import require_may_work, require_open
from incidents.repeats import location_key
from pcso.concurrency import locked
from pcso.geo import half_point_errors, parse_point

IMPORT_HEADER = ["address", "latitude", "longitude"]


MAX_IMPORT_ROWS = 5000


# --- The premises list -------------------------------------------------------------------


def build_premises(enquiry: Enquiry, address: str, latitude, longitude) -> Premises:
    premises = Premises(
        enquiry=enquiry,
        address=" ".join((address or "").split()),
        latitude=latitude,
        longitude=longitude,
    )
    premises.address_key = location_key(premises.address)
    if not premises.address_key:
        raise ValidationError({"address": "Give the address."})
    if half_point := half_point_errors(latitude, longitude):
        raise ValidationError(half_point)
    premises.full_clean(exclude=["enquiry", "address_key"], validate_constraints=False, validate_unique=False)
    return premises


def premises_add(*, actor, enquiry: Enquiry, address: str, latitude=None, longitude=None) -> Premises:
    """Add one premises by hand; an address already on the list is refused, not doubled."""
    require_may_work(actor, enquiry, "enquiry.add_premises")
    with transaction.atomic():
        current = locked(enquiry)
        require_open(actor, current)
        premises = build_premises(current, address, latitude, longitude)
        if current.premises.filter(address_key=premises.address_key).exists():
            raise ValidationError({"address": f"{premises.address} is already on the list."})
        premises.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.add_premises",
            obj=current,
            details={"premises": premises.pk, "address": premises.address},
        )
    return premises


class UnreadableImport(ValidationError):
    """The file as a whole cannot be read (not CSV, wrong header): nothing imported."""


@dataclass
class PremisesImport:
    """What an import did: rows read, premises added, and each skipped row as "file:line: why"."""

    file_name: str
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.file_name}: {self.rows} rows, {self.created} premises added, "
            f"{len(self.duplicates)} already on the list, {len(self.errors)} bad rows skipped"
        )

    def as_details(self) -> dict:
        return {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "duplicates": len(self.duplicates),
            "bad_rows": len(self.errors),
        }


def read_premises_csv(handle, file_name: str) -> list[tuple[int, dict | None, str]]:
    """Parse `address,latitude,longitude` lines (coordinates optional, any column order) into
    (line, row, "") or (line, None, what is wrong).

    Reuses the street-file reader: a bad line (not UTF-8, a stray quote) spoils that row only.
    """
    lines = records(handle)
    _, header, _ = next(lines, (0, None, ""))
    names = [name.strip().lower() for name in header or []]
    if "address" not in names or not set(names) <= set(IMPORT_HEADER) or len(set(names)) < len(names):
        raise UnreadableImport({"file": f"{file_name}: the first line must be {','.join(IMPORT_HEADER)}."})
    rows = []
    for number, fields, unparsed in lines:
        if len(rows) == MAX_IMPORT_ROWS:
            raise UnreadableImport({"file": f"{file_name}: at most {MAX_IMPORT_ROWS} premises in one file."})
        if unparsed or len(fields) != len(names):
            rows.append((number, None, unparsed or f"expected {len(names)} fields, found {len(fields)}"))
        else:
            rows.append((number, dict(zip(names, fields, strict=True)), ""))
    return rows


def premises_from_row(enquiry: Enquiry, row: dict) -> Premises:
    """One CSV row as a premises; raises ValidationError saying what is wrong."""
    try:
        latitude, longitude = parse_point(row.get("latitude", ""), row.get("longitude", ""))
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return build_premises(enquiry, row["address"], latitude, longitude)


def premises_import(*, actor, enquiry: Enquiry, handle, file_name: str) -> PremisesImport:
    """Import a CSV of addresses. Bad rows are reported with file and line and skipped whole;
    addresses already on the list (or twice in the file) are reported, not doubled; the rest
    are added in one transaction with one audit event."""
    require_may_work(actor, enquiry, "enquiry.import_premises")
    file_name = (file_name or "upload.csv")[-100:]
    rows = read_premises_csv(handle, file_name)
    report = PremisesImport(file_name=file_name, rows=len(rows))
    with transaction.atomic():
        current = locked(enquiry)
        require_open(actor, current)
        known = set(current.premises.values_list("address_key", flat=True))
        new = []
        for number, row, problem in rows:
            try:
                if problem:
                    raise ValidationError(problem)
                premises = premises_from_row(current, row)
            except ValidationError as exc:
                report.errors.append(f"{file_name}:{number}: {'; '.join(exc.messages)}; row skipped")
                continue
            if premises.address_key in known:
                report.duplicates.append(f"{file_name}:{number}: {premises.address} is already on the list")
                continue
            known.add(premises.address_key)
            new.append(premises)
        Premises.objects.bulk_create(new)
        report.created = len(new)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.import_premises",
            obj=current,
            details=report.as_details(),
        )
    return report
