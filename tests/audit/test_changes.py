"""audit.changes: the one home of audit values, changes between snapshots and "what changed
since version N" (ARCHITECTURE rule 11)."""

from datetime import UTC, date, datetime

from audit.changes import audit_value, changes_between, changes_since, field_label
from audit.models import AuditEvent
from tests.factories import AgencyFactory, MissingPersonCaseFactory, UserFactory


def alteration(obj, version: int, changes: dict, *, label: str = "", **kw) -> AuditEvent:
    return AuditEvent.objects.create(
        category=kw.pop("category", "alteration"),
        action=kw.pop("action", "missing_case.update"),
        object_type=label or obj._meta.label_lower,
        object_id=str(obj.pk),
        source="web",
        details={"version": version, "changes": changes},
        **kw,
    )


def test_a_value_is_stored_as_json_a_person_reads(db):
    agency, user = AgencyFactory(code="council"), UserFactory(username="pat")

    assert (audit_value(agency), audit_value(user)) == ("council", "pat")
    assert audit_value(date(2026, 1, 2)) == "2026-01-02"
    assert audit_value(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "2026-01-02T03:04:00+00:00"
    assert (audit_value(3), audit_value("x"), audit_value(None)) == (3, "x", None)


def test_a_record_without_code_or_username_is_stored_by_its_id(north):
    case = MissingPersonCaseFactory(neighbourhood=north)

    assert audit_value(case) == case.pk


def test_changes_between_names_only_what_differs():
    before, after = {"a": 1, "b": "x", "c": None}, {"a": 1, "b": "y", "c": 2}

    assert changes_between(before, after) == {"b": {"old": "x", "new": "y"}, "c": {"old": None, "new": 2}}


def test_changes_since_reads_the_later_allowed_alterations_of_this_record_oldest_first(north):
    case, other = MissingPersonCaseFactory(neighbourhood=north), MissingPersonCaseFactory(neighbourhood=north)
    alteration(case, 1, {"name": {"old": "A", "new": "B"}})
    alteration(case, 2, {"last_seen_place": {"old": "", "new": "Library"}}, actor_username="connor")
    alteration(case, 3, {"review_overdue_since": {"old": None, "new": "2026-01-01"}})
    alteration(case, 4, {"name": {"old": "B", "new": "C"}}, outcome="denied")
    alteration(case, 4, {"name": {"old": "B", "new": "C"}}, category="consultation")
    alteration(other, 5, {"name": {"old": "X", "new": "Y"}})

    rows = changes_since(obj=case, version=1)

    assert [(row["who"], row["field"], row["old"], row["new"]) for row in rows] == [
        ("connor", "Last seen place", "", "Library"),
        ("the system", "Review overdue since", None, "2026-01-01"),
    ]
    assert rows[0]["action"] == "missing_case.update"


def test_changes_recorded_under_a_model_s_old_label_are_read_with_the_new_ones(north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    alteration(case, 2, {"name": {"old": "A", "new": "B"}}, label="incidents.missingpersoncase")
    alteration(case, 3, {"name": {"old": "B", "new": "C"}})

    assert [row["new"] for row in changes_since(obj=case, version=1)] == ["B", "C"]


def test_a_change_that_is_not_a_field_is_named_in_words(north):
    case = MissingPersonCaseFactory(neighbourhood=north)

    assert field_label(case, "last_seen_place") == "Last seen place"
    assert field_label(case, "safe_and_well_at") == "Prevention interview (safe and well check)"
    assert field_label(case, "checklist_item") == "Checklist item"
