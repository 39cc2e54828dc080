"""One home per rule (ARCHITECTURE §3 rule 10): every action gives the same answer through
the page and through the API, for the same person and the same record.

Each case builds one record, then drives the action through the page (the form post a
browser sends) and through the API, each inside a transaction rolled back afterwards, so
both doors start from the very same state. What each door changed is read back from the
database and compared: both changed it the same way, or both refused and changed nothing.
Where a page offers the action with a button or form, it is offered exactly when the API
takes it. The actions themselves are in tests/parity/, one module per app.
"""

from collections.abc import Callable

import pytest
from django.contrib.messages import constants, get_messages
from django.db import transaction

from tests.conftest import api_client_for, client_for
from tests.parity import community, enquiries_and_intelligence, incidents, missing_persons, partners
from tests.parity.actions import Action

ACTIONS: dict[str, Action] = {
    **missing_persons.ACTIONS,
    **incidents.ACTIONS,
    **partners.ACTIONS,
    **enquiries_and_intelligence.ACTIONS,
    **community.ACTIONS,
}


def attempt(drive: Callable, action: Action, record):
    """Drive one door and read the state it left, then undo it all for the other door."""
    with transaction.atomic():
        response = drive()
        after = action.state(record)
        transaction.set_rollback(True)
    return response, after


def post_page(user, action: Action, record):
    url, data = action.page(record)
    return client_for(user).post(url, data)


def call_api(user, action: Action, record):
    method, url, body, etag = action.api(record)
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return getattr(api_client_for(user), method)(url, body, format="json", **headers)


def offered(user, action: Action, record) -> bool:
    """Does the page that offers the action show its form or button to this user?"""
    response = client_for(user).get(action.shown_on(record))
    url, _ = action.page(record)
    return response.status_code == 200 and f'"{url}"' in response.content.decode()


def page_accepted(response) -> bool:
    """A page accepts by redirecting with a confirmation and no error; it refuses with 403/404,
    the form again with its problems, or a redirect that says why."""
    levels = {message.level for message in get_messages(response.wsgi_request)}
    return response.status_code == 302 and constants.SUCCESS in levels and constants.ERROR not in levels


def api_accepted(response) -> bool:
    return 200 <= response.status_code < 300


def case(name: str, persona: str, allowed: bool):
    assert name in ACTIONS, name
    return pytest.param(name, persona, allowed, id=f"{name}: {persona} {'may' if allowed else 'may not'}")


CASES = [
    # The return home interview referral: a late one is still made (the drift that started this).
    case("refer RHI on time", "pcso", True),
    case("refer RHI on time", "staff", False),  # logs incidents but does not share notes
    case("refer RHI on time", "intelligence_officer", False),
    case("refer RHI on time", "partner", False),
    case("refer RHI late", "pcso", True),  # the partner sees the statutory deadline overdue
    case("refer RHI late", "staff", False),
    case("refer RHI already referred", "pcso", False),
    case("refer RHI adult", "pcso", False),
    # Missing persons: the trace while missing, the return after it.
    case("trace", "pcso", True),
    case("trace", "intelligence_officer", False),
    case("trace", "partner", False),
    case("trace traced case", "pcso", False),
    case("record return", "pcso", True),
    case("record return", "intelligence_officer", False),
    case("record return still missing", "pcso", False),
    # Incident workflow.
    case("assign incident", "supervisor", True),
    case("assign incident", "pcso", False),
    case("start incident", "pcso", True),  # the assignee
    case("start incident", "constable", False),
    case("start closed incident", "pcso", False),
    case("resolve incident", "pcso", True),
    case("resolve incident", "constable", False),
    case("close incident", "supervisor", True),
    case("close incident", "pcso", False),
    # ASB case review.
    case("review ASB case", "supervisor", True),
    case("review ASB case", "pcso", False),
    case("review closed ASB case", "supervisor", False),
    # Sharing a note with a partner agency, and revoking it.
    case("share note", "pcso", True),
    case("share note", "staff", False),
    case("share note", "partner", False),
    case("share note again", "pcso", False),  # once per agency until revoked
    case("revoke share", "pcso", True),  # the sharer
    case("revoke share", "supervisor", True),
    case("revoke share", "constable", False),
    case("revoke revoked share", "pcso", False),
    # House-to-house enquiry close.
    case("close enquiry", "pcso", True),  # the coordinator
    case("close enquiry", "supervisor", True),
    case("close enquiry", "constable", False),
    case("close closed enquiry", "pcso", False),
    case("mark follow-up done", "pcso", True),
    case("mark follow-up done", "intelligence_officer", False),
    case("mark follow-up done after closing", "pcso", True),
    # Intelligence evaluation.
    case("evaluate report", "intelligence_officer", True),
    case("evaluate report", "pcso", False),  # its submitter
    case("evaluate report", "supervisor", False),
    case("evaluate rejected report", "intelligence_officer", False),
    # Patrol visits.
    case("arrive", "pcso", True),  # assigned to the plan
    case("arrive", "constable", False),
    case("arrive at finished patrol", "pcso", False),
    case("arrive while on a visit", "pcso", False),
    case("leave", "pcso", True),
    case("leave", "constable", False),
    case("leave twice", "pcso", False),
    # PACT priorities.
    case("update priority", "pcso", True),  # North's team
    case("update priority", "supervisor", True),
    case("update priority", "south_officer", False),
    case("update priority", "staff", False),
    case("adopt a fourth priority", "pcso", False),
]


@pytest.mark.parametrize(("name", "persona", "allowed"), CASES)
def test_the_page_and_the_api_give_the_same_answer(db, request, name, persona, allowed):
    action, fixture = ACTIONS[name], request.getfixturevalue
    record = action.build(fixture)
    user = fixture(persona)
    before = action.state(record)

    page, after_page = attempt(lambda: post_page(user, action, record), action, record)
    api, after_api = attempt(lambda: call_api(user, action, record), action, record)

    assert after_page == after_api, "the page and the API left the record differently"
    assert (after_page != before) is allowed
    assert page_accepted(page) is allowed, f"page answered {page.status_code}"
    assert api_accepted(api) is allowed, f"API answered {api.status_code}: {getattr(api, 'data', '')}"
    if action.shown_on is not None:
        shown, _ = attempt(lambda: offered(user, action, record), action, record)
        assert shown is allowed, "the page's button says otherwise"
