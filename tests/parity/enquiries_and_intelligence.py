"""House-to-house enquiries (closing them, marking a follow-up done) and intelligence
(evaluating a report)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry, Visit
from intelligence.models import IntelligenceLog
from pcso.api import etag_for
from tests.factories import EnquiryFactory, IntelligenceLogFactory, PremisesFactory, visit_outcome
from tests.parity.actions import Action


def enquiry(status: str) -> Callable:
    """Coordinated by Pat (who set it up), with no premises left unreached."""

    def build(fixture) -> Enquiry:
        closed_at = timezone.now() if status == "closed" else None
        return EnquiryFactory(
            neighbourhood=fixture("north"), created_by=fixture("pcso"), status=status, closed_at=closed_at
        )

    return build


def close_enquiry(build) -> Action:
    summary = "No witnesses; doorbell footage collected at number 4."
    return Action(
        build=build,
        page=lambda enquiry: (
            reverse("enquiries:enquiry-close", args=[enquiry.pk]),
            {"summary": summary, "unreached_reason": "", "version": enquiry.version},
        ),
        api=lambda enquiry: (
            "post",
            reverse("api:enquiry-close", args=[enquiry.pk]),
            {"summary": summary},
            etag_for(enquiry),
        ),
        state=lambda enquiry: Enquiry.objects.values("status", "summary", "version").get(pk=enquiry.pk),
        shown_on=lambda enquiry: reverse("enquiries:enquiry-detail", args=[enquiry.pk]),
    )


def follow_up(status: str) -> Callable:
    """A visit whose answer needs following up (doorbell CCTV to collect), in an enquiry `status`."""

    def build(fixture) -> Visit:
        pcso = fixture("pcso")
        premises = PremisesFactory(enquiry=enquiry(status)(fixture))
        return Visit.objects.create(
            premises=premises,
            visited_at=timezone.now(),
            visited_by=pcso,
            recorded_by=pcso,
            outcome=visit_outcome("occupant-seen"),
            follow_up="Collect doorbell CCTV",
        )

    return build


def follow_up_done(build) -> Action:
    def args(visit) -> list[int]:
        return [visit.premises.enquiry_id, visit.pk]

    return Action(
        build=build,
        page=lambda visit: (reverse("enquiries:enquiry-follow-up-done", args=args(visit)), {}),
        api=lambda visit: ("post", reverse("api:enquiry-follow-up-done", args=args(visit)), {}, None),
        state=lambda visit: {"done": Visit.objects.get(pk=visit.pk).follow_up_done_at is not None},
        shown_on=lambda visit: reverse("enquiries:enquiry-detail", args=[visit.premises.enquiry_id]),
    )


SANITISED = "A known male deals from the rear of the launderette in the evenings."
GRADING = {
    "source_evaluation": "2",
    "intelligence_assessment": "B",
    "handling_code": "P",
    "priority": "high",
    "dissemination": "officers",
    "sanitised_text": SANITISED,
}


def report(status: str) -> Callable:
    def build(fixture) -> IntelligenceLog:
        reason = "Duplicate of INT-000001." if status == "rejected" else ""
        return IntelligenceLogFactory(submitted_by=fixture("pcso"), status=status, rejection_reason=reason)

    return build


def evaluate(build) -> Action:
    return Action(
        build=build,
        page=lambda log: (reverse("intelligence:log-evaluate", args=[log.pk]), {**GRADING, "version": log.version}),
        api=lambda log: ("post", reverse("api:intelligence-log-evaluate", args=[log.pk]), GRADING, etag_for(log)),
        state=lambda log: IntelligenceLog.objects.values(
            "status", "intelligence_assessment", "dissemination", "sanitised_text", "evaluated_by", "version"
        ).get(pk=log.pk),
        shown_on=lambda log: reverse("intelligence:log-detail", args=[log.pk]),
    )


ACTIONS: dict[str, Action] = {
    "close enquiry": close_enquiry(enquiry("open")),
    "close closed enquiry": close_enquiry(enquiry("closed")),
    "mark follow-up done": follow_up_done(follow_up("open")),
    # The services take it after the enquiry closed (the footage may come later): so does the page.
    "mark follow-up done after closing": follow_up_done(follow_up("closed")),
    "evaluate report": evaluate(report("submitted")),
    "evaluate rejected report": evaluate(report("rejected")),
}
