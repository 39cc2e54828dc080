"""Incidents: the workflow verbs and ASB case reviews."""

from collections.abc import Callable

from django.urls import reverse

from accounts.models import User
from incidents.models.asb import AsbCase
from incidents.models.incidents import Incident
from pcso.api import etag_for
from tests.factories import AsbCaseFactory, IncidentFactory, category
from tests.parity.actions import Action


def incident(status: str, assignee: str | None = None) -> Callable:
    def build(fixture) -> Incident:
        fixture("constable")  # Connor, whom a supervisor assigns it to
        opening = category("suspicious-circumstances")
        return IncidentFactory(
            neighbourhood=fixture("north"),
            created_by=fixture("pcso"),
            status=status,
            assignee=fixture(assignee) if assignee else None,
            opening_category=opening,
            closing_category=opening if status in ("resolved", "closed") else None,
        )

    return build


def workflow(verb: str, build, page_input: Callable, api_input: Callable) -> Action:
    return Action(
        build=build,
        page=lambda incident: (
            reverse(f"incidents:incident-{verb}", args=[incident.pk]),
            {"version": incident.version, **page_input(incident)},
        ),
        api=lambda incident: (
            "post",
            reverse(f"api:incident-{verb}", args=[incident.pk]),
            api_input(incident),
            etag_for(incident),
        ),
        state=lambda incident: Incident.objects.values("status", "assignee", "closing_category", "version").get(
            pk=incident.pk
        ),
        shown_on=lambda incident: reverse("incidents:incident-detail", args=[incident.pk]),
    )


def connor(incident) -> int:
    return User.objects.get(username="connor").pk


def review_asb(build) -> Action:
    return Action(
        build=build,
        page=lambda case: (
            reverse("incidents:asb-case-review", args=[case.pk]),
            {"risk_level": "high", "version": case.version},
        ),
        api=lambda case: (
            "post",
            reverse("api:asb-case-review", args=[case.pk]),
            {"risk_level": "high"},
            etag_for(case),
        ),
        state=lambda case: {
            "reviewed": AsbCase.objects.get(pk=case.pk).last_reviewed_at is not None,
            **AsbCase.objects.values("risk_level", "next_review_on", "version").get(pk=case.pk),
        },
        shown_on=lambda case: reverse("incidents:asb-case-detail", args=[case.pk]),
    )


def asb_case(status: str) -> Callable:
    return lambda fixture: AsbCaseFactory(neighbourhood=fixture("north"), created_by=fixture("pcso"), status=status)


ACTIONS: dict[str, Action] = {
    "assign incident": workflow(
        "assign", incident("open"), lambda i: {"assignee": connor(i)}, lambda i: {"assignee": "connor"}
    ),
    "start incident": workflow("start", incident("assigned", "pcso"), lambda i: {}, lambda i: {}),
    "start closed incident": workflow("start", incident("closed", "pcso"), lambda i: {}, lambda i: {}),
    "resolve incident": workflow(
        "resolve",
        incident("in_progress", "pcso"),
        lambda i: {"closing_category": category("crime-related").pk},
        lambda i: {"closing_category": "crime-related"},
    ),
    "close incident": workflow(
        "close", incident("resolved", "pcso"), lambda i: {"closing_category": i.closing_category_id}, lambda i: {}
    ),
    "review ASB case": review_asb(asb_case("open")),
    "review closed ASB case": review_asb(asb_case("closed")),
}
