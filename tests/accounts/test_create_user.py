"""`create_user USERNAME --role ROLE [--neighbourhood CODE ...] [--agency CODE] [--email E] [--password-stdin]`."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from community.choices import AssignmentKind
from community.models.neighbourhoods import Assignment

STRONG = "a-long-and-unusual-passphrase"


def create_user(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("create_user", *args, stdout=out, **extra)
    return out.getvalue()


def assignments(username: str) -> set[tuple[str, str]]:
    return set(Assignment.objects.filter(user__username=username).values_list("neighbourhood__code", "kind"))


def nothing_written() -> bool:
    return not User.objects.exists() and not AuditEvent.objects.exists() and not Assignment.objects.exists()


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.PARTNER])
def test_creates_a_user_for_every_internal_role(db, role):
    output = create_user("newbie", "--role", role)

    user = User.objects.get(username="newbie")
    assert user.role == role
    assert user.agency is None
    assert not user.has_usable_password()
    assert "Created: newbie" in output


def test_creates_a_partner_user_in_an_agency(council):
    create_user("pam", "--role", "partner", "--agency", "council")

    user = User.objects.get(username="pam")
    assert (user.role, user.agency) == (Role.PARTNER, council)


def test_only_administrators_are_django_staff(db):
    create_user("boss", "--role", "admin")
    create_user("plod", "--role", "constable")

    assert User.objects.get(username="boss").is_staff
    assert not User.objects.get(username="plod").is_staff


def test_unknown_role_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice"):
        create_user("newbie", "--role", "sheriff")
    assert nothing_written()


@pytest.mark.parametrize("role", ["pcso", "constable", "intelligence", "staff", "admin"])
def test_neighbourhoods_make_officers_members(north, south, role):
    create_user("newbie", "--role", role, "--neighbourhood", "north", "--neighbourhood", "south")

    assert assignments("newbie") == {("north", AssignmentKind.MEMBER), ("south", AssignmentKind.MEMBER)}


def test_neighbourhoods_make_supervisors_supervise(north, south):
    create_user("sarge", "--role", "supervisor", "--neighbourhood", "north", "--neighbourhood", "south")

    assert assignments("sarge") == {("north", AssignmentKind.SUPERVISOR), ("south", AssignmentKind.SUPERVISOR)}


def test_rerun_updates_role_and_replaces_assignments(north, south):
    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")

    output = create_user("newbie", "--role", "supervisor", "--neighbourhood", "south")

    assert User.objects.get(username="newbie").role == Role.SUPERVISOR
    assert assignments("newbie") == {("south", AssignmentKind.SUPERVISOR)}
    assert "Updated: newbie" in output


def test_rerun_without_neighbourhoods_removes_them(north):
    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")

    create_user("newbie", "--role", "pcso")

    assert assignments("newbie") == set()


def test_rerun_as_partner_removes_neighbourhoods(north, council):
    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")

    create_user("newbie", "--role", "partner", "--agency", "council")

    user = User.objects.get(username="newbie")
    assert (user.role, user.agency) == (Role.PARTNER, council)
    assert assignments("newbie") == set()


def test_rerun_as_officer_leaves_the_agency(council):
    create_user("newbie", "--role", "partner", "--agency", "council")

    create_user("newbie", "--role", "staff")

    assert User.objects.get(username="newbie").agency is None


def test_partner_needs_an_agency(db):
    with pytest.raises(CommandError, match=r"partner user needs an agency \(--agency CODE\)"):
        create_user("pam", "--role", "partner")
    assert nothing_written()


def test_partner_cannot_be_given_neighbourhoods(north, council):
    with pytest.raises(CommandError, match="Partner users are not assigned to neighbourhoods"):
        create_user("pam", "--role", "partner", "--agency", "council", "--neighbourhood", "north")
    assert nothing_written()


def test_officer_cannot_be_given_an_agency(council):
    with pytest.raises(CommandError, match="Only partner users belong to an agency"):
        create_user("plod", "--role", "pcso", "--agency", "council")
    assert nothing_written()


def test_unknown_agency_is_refused_and_nothing_written(db):
    with pytest.raises(CommandError, match="No agency with code 'nowhere'; create it with create_agency first"):
        create_user("pam", "--role", "partner", "--agency", "nowhere")
    assert nothing_written()


def test_unknown_neighbourhood_is_refused_and_nothing_written(north):
    with pytest.raises(CommandError, match=r"Unknown neighbourhood code\(s\): atlantis"):
        create_user("plod", "--role", "pcso", "--neighbourhood", "north", "--neighbourhood", "atlantis")
    assert nothing_written()


def test_unknown_neighbourhood_on_rerun_leaves_the_user_as_it_was(north):
    create_user("plod", "--role", "pcso", "--neighbourhood", "north")
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError):
        create_user("plod", "--role", "supervisor", "--neighbourhood", "atlantis")

    assert User.objects.get(username="plod").role == Role.PCSO
    assert assignments("plod") == {("north", AssignmentKind.MEMBER)}
    assert AuditEvent.objects.count() == events


def test_invalid_username_is_refused(db):
    with pytest.raises(CommandError, match="username"):
        create_user("no spaces allowed!", "--role", "pcso")
    assert nothing_written()


def test_password_is_read_from_stdin(db):
    create_user("newbie", "--role", "pcso", "--password-stdin", stdin=f"{STRONG}\n")

    assert User.objects.get(username="newbie").check_password(STRONG)


def test_password_from_stdin_keeps_inner_spaces_and_drops_the_line_end(db):
    create_user("newbie", "--role", "pcso", "--password-stdin", stdin=f" {STRONG} \r\n")

    assert User.objects.get(username="newbie").check_password(f" {STRONG} ")


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("short1", "too short"),
        ("password1234", "too common"),
        ("83749201736", "entirely numeric"),
        ("newbie12345", "too similar to the username"),
    ],
)
def test_weak_passwords_are_refused_with_the_validators_message(db, weak, message):
    with pytest.raises(CommandError, match=message):
        create_user("newbie", "--role", "pcso", "--password-stdin", stdin=f"{weak}\n")
    assert nothing_written()


def test_empty_password_on_stdin_is_refused(db):
    with pytest.raises(CommandError, match="no password was read"):
        create_user("newbie", "--role", "pcso", "--password-stdin", stdin="")
    assert nothing_written()


def test_rerun_without_password_keeps_the_existing_one(db):
    create_user("newbie", "--role", "pcso", "--password-stdin", stdin=f"{STRONG}\n")

    create_user("newbie", "--role", "constable")

    assert User.objects.get(username="newbie").check_password(STRONG)


def test_rerun_with_password_changes_it(db):
    create_user("newbie", "--role", "pcso", "--password-stdin", stdin=f"{STRONG}\n")

    create_user("newbie", "--role", "pcso", "--password-stdin", stdin="another-rather-long-phrase\n")

    user = User.objects.get(username="newbie")
    assert user.check_password("another-rather-long-phrase")
    event = AuditEvent.objects.filter(action="user.update").get()
    assert event.details["password_set"] is True


def test_create_writes_a_collection_event_from_the_command(db):
    create_user("newbie", "--role", "pcso", "--email", "newbie@example.org")

    event = AuditEvent.objects.get(action="user.create")
    user = User.objects.get(username="newbie")
    assert event.category == "collection"
    assert event.source == "command"
    assert event.request_id
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert event.details["before"] is None
    assert event.details["after"]["role"] == "pcso"
    assert event.details["after"]["email"] == "newbie@example.org"
    assert event.details["password_set"] is False


def test_update_writes_an_alteration_event_with_before_and_after(council):
    create_user("newbie", "--role", "pcso")

    create_user("newbie", "--role", "partner", "--agency", "council")

    event = AuditEvent.objects.get(action="user.update")
    assert event.category == "alteration"
    assert event.source == "command"
    assert event.details["before"]["role"] == "pcso"
    assert event.details["before"]["agency"] is None
    assert event.details["after"]["role"] == "partner"
    assert event.details["after"]["agency"] == council.pk


def test_assignment_changes_are_audited(north):
    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")

    event = AuditEvent.objects.get(action="assignment.set")
    assert event.category == "alteration"
    assert event.source == "command"
    assert event.details == {"kind": "member", "before": [], "after": [north.pk]}


def test_identical_rerun_writes_no_audit_row(north):
    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")
    events = AuditEvent.objects.count()

    create_user("newbie", "--role", "pcso", "--neighbourhood", "north")

    assert AuditEvent.objects.count() == events


def test_changing_a_superusers_role_removes_superuser_powers(db):
    User.objects.create_superuser("root", "root@example.org", STRONG)

    create_user("root", "--role", "pcso")

    user = User.objects.get(username="root")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.PCSO, False, False)
    event = AuditEvent.objects.get(action="user.update")
    assert event.details["before"]["is_superuser"] is True
    assert event.details["after"]["is_superuser"] is False
