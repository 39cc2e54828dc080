"""House-to-house enquiries, pure helpers: how a premises status looks on the map, and the
enquiry as rows for the case-file export (docs/enquiries.md). No queries here."""

import csv
import io

from enquiries.choices import PremisesStatus

# status -> (marker shape, colour, one-letter label). Shape and letter carry the meaning
# too, so the map reads without colour (WCAG 1.4.1); the legend names all three.
STATUS_MARKERS = {
    PremisesStatus.NOT_VISITED: ("circle", "#5f6b7a", "N"),
    PremisesStatus.REVISIT: ("triangle", "#b35900", "R"),
    PremisesStatus.ATTEMPTED: ("diamond", "#6a3d9a", "A"),
    PremisesStatus.COMPLETED: ("square", "#1d6b32", "C"),
}


def status_legend() -> list[dict]:
    return [
        {"status": status.value, "label": status.label, "shape": shape, "colour": colour, "letter": letter}
        for status, (shape, colour, letter) in STATUS_MARKERS.items()
    ]


def map_premises(premises) -> list[dict]:
    """The located premises as the coordinator's map draws them."""
    return [
        {
            "id": p.pk,
            "address": p.address,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "status": p.status,
            "status_label": p.get_status_display(),
            "revisit_due_at": p.revisit_due_at.isoformat() if p.revisit_due_at else None,
        }
        for p in premises
        if p.has_point
    ]


def people_text(people: list[dict]) -> str:
    return "; ".join(f"{p['name']} ({'present' if p.get('present') else 'not present'} at the time)" for p in people)


EXPORT_COLUMNS = [
    "enquiry", "address", "latitude", "longitude", "premises_status", "visited_at", "visited_by",
    "outcome", "card_reference", "people_spoken_to", "notes", "follow_up", "follow_up_done_at",
    "revisit_due_at",
]  # fmt: skip


def export_rows(enquiry, premises, visits) -> list[list]:
    """One row per visit, and one for each premises never visited; a column per question."""
    by_premises: dict[int, list] = {}
    for visit in visits:
        by_premises.setdefault(visit.premises_id, []).append(visit)
    questions = enquiry.questions
    rows = [[*EXPORT_COLUMNS, *(q["text"] for q in questions)]]
    for place in premises:
        base = [enquiry.reference, place.address, place.latitude, place.longitude, place.get_status_display()]
        for visit in by_premises.get(place.pk, []) or [None]:
            if visit is None:
                rows.append(base + [""] * (len(EXPORT_COLUMNS) - len(base) + len(questions)))
                continue
            rows.append(
                [
                    *base,
                    visit.visited_at.isoformat(),
                    visit.visited_by.display_name,
                    visit.outcome.name,
                    visit.card_reference,
                    people_text(visit.people),
                    visit.notes,
                    visit.follow_up,
                    visit.follow_up_done_at.isoformat() if visit.follow_up_done_at else "",
                    visit.revisit_due_at.isoformat() if visit.revisit_due_at else "",
                    *(visit.answers.get(q["code"], "") for q in questions),
                ]
            )
    return rows


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection): prefix =, +, -, @."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_number(text) else text


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue()
