"""One home per rule (ARCHITECTURE §3 rule 10): every action gives the same answer through
the page and through the API, for the same person and the same record.

Each case builds one record, then drives the action through the page (a form post, as the
browser sends it) and through the API, each inside a transaction rolled back afterwards, so
both doors start from the very same state. What each door changed in the database is read
back and compared: both changed it the same way, or both refused and changed nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from missing_persons.models import MissingPersonCase
from missing_persons.services import missing_case_refer_rhi, missing_case_trace
from partners.models import NoteShare
from tests.conftest import api_client_for, client_for
from tests.factories import MissingPersonCaseFactory, SharingAgreementFactory


@dataclass(frozen=True)
class Action:
    """One action, its two front doors, and what it changes."""

    build: Callable  # (fixture lookup) -> the record, in the state the case needs
    page: Callable  # (Client, record, fixture lookup) -> response to the page's form post
    api: Callable  # (APIClient, record, fixture lookup) -> response to the API call
    state: Callable  # (record) -> what the action changes, read afresh from the database


def attempt(drive: Callable, action: Action, record):
    """Drive one door and read the state it left, then undo it all for the other door."""
    with transaction.atomic():
        response = drive()
        after = action.state(record)
        transaction.set_rollback(True)
    return response, after


def page_accepted(response) -> bool:
    """A page accepts by redirecting with a confirmation and no error; it refuses with 403/404,
    the form again with its problems, or a redirect that says why."""
    levels = {message.level for message in get_messages(response.wsgi_request)}
    return response.status_code == 302 and constants.SUCCESS in levels and constants.ERROR not in levels


def api_accepted(response) -> bool:
    return 200 <= response.status_code < 300


# --- Missing persons: the return home interview referral --------------------------------

RHI_TEXT = "Jamie Lowe, 15, missing from 4 Wood Street overnight, traced at a friend's house."


def traced_child(fixture, *, hours_ago: float = 1) -> MissingPersonCase:
    """A child traced `hours_ago`, the council on record for the interview and an agreement it signed."""
    pcso, north, council = fixture("pcso"), fixture("north"), fixture("council")
    SharingAgreementFactory(parties=[council], title="Missing children protocol")
    case = MissingPersonCaseFactory(
        neighbourhood=north,
        created_by=pcso,
        date_of_birth=date(2011, 5, 4),
        missing_since=timezone.now() - timedelta(hours=hours_ago + 3),
        reported_at=timezone.now() - timedelta(hours=hours_ago + 2),
    )
    fields = {
        "traced_at": timezone.now() - timedelta(hours=hours_ago),
        "traced_where": "A friend's house, Elm Road",
        "traced_how": "Found by police",
    }
    return missing_case_trace(actor=pcso, case=case, fields=fields)


def late_child(fixture) -> MissingPersonCase:
    return traced_child(fixture, hours_ago=80)  # the 72 hours passed 8 hours ago


def already_referred(fixture) -> MissingPersonCase:
    case = traced_child(fixture)
    agreement = case.rhi_agency.sharing_agreements.get()
    missing_case_refer_rhi(actor=fixture("pcso"), case=case, agreement=agreement, note_text=RHI_TEXT)
    return MissingPersonCase.objects.get(pk=case.pk)


def refer_on_page(client, case, fixture):
    body = {
        "agreement": case.rhi_agency.sharing_agreements.get().pk,
        "note_text": RHI_TEXT,
        "purpose": "Return home interview",
    }
    return client.post(reverse("missing_persons:missing-case-refer-rhi", args=[case.pk]), body)


def refer_in_api(client, case, fixture):
    body = {"agreement": case.rhi_agency.sharing_agreements.get().pk, "note_text": RHI_TEXT}
    return client.post(reverse("api:missing-person-case-refer-rhi", args=[case.pk]), body, format="json")


def rhi_state(case) -> dict:
    current = MissingPersonCase.objects.get(pk=case.pk)
    return {
        "referred": current.rhi_referred_at is not None,
        "live_share": current.rhi_share is not None and current.rhi_share.is_current,
        "version": current.version,
        "shares": NoteShare.objects.count(),
    }


def rhi_action(build) -> Action:
    return Action(build=build, page=refer_on_page, api=refer_in_api, state=rhi_state)


ACTIONS = {
    "refer RHI on time": rhi_action(traced_child),
    "refer RHI late": rhi_action(late_child),
    "refer RHI already referred": rhi_action(already_referred),
}


CASES = [
    ("refer RHI on time", "pcso", True),
    ("refer RHI on time", "staff", False),  # logs incidents but does not share notes
    ("refer RHI on time", "intelligence_officer", False),
    ("refer RHI on time", "partner", False),
    ("refer RHI late", "pcso", True),  # still made: the partner sees the deadline overdue
    ("refer RHI late", "staff", False),
    ("refer RHI already referred", "pcso", False),
]


@pytest.mark.parametrize(("name", "persona", "allowed"), CASES)
def test_the_page_and_the_api_give_the_same_answer(db, request, name, persona, allowed):
    action, fixture = ACTIONS[name], request.getfixturevalue
    record = action.build(fixture)
    user = fixture(persona)
    page_client, api_client = client_for(user), api_client_for(user)
    before = action.state(record)

    page, after_page = attempt(lambda: action.page(page_client, record, fixture), action, record)
    api, after_api = attempt(lambda: action.api(api_client, record, fixture), action, record)

    assert after_page == after_api, "the page and the API left the record differently"
    assert (after_page != before) is allowed
    assert page_accepted(page) is allowed, f"page answered {page.status_code}"
    assert api_accepted(api) is allowed, f"API answered {api.status_code}: {getattr(api, 'data', '')}"
