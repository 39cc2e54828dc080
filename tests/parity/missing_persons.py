"""Missing persons: the return home interview referral (on time, late, already made, for an
adult), the trace while the person is missing and the return after it."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from missing_persons.models import MissingPersonCase
from missing_persons.services.outcome import missing_case_trace
from missing_persons.services.rhi import missing_case_refer_rhi
from partners.models import NoteShare
from pcso.api import etag_for
from tests.factories import MissingPersonCaseFactory, SharingAgreementFactory
from tests.parity.actions import Action, iso, local

RHI_TEXT = "Jamie Lowe, 15, missing from 4 Wood Street overnight, traced at a friend's house."


def missing_child(fixture, **fields) -> MissingPersonCase:
    """Still missing; the council (fixture) is the local authority on record when traced."""
    fixture("council")
    return MissingPersonCaseFactory(neighbourhood=fixture("north"), created_by=fixture("pcso"), **fields)


def traced_child(fixture, *, hours_ago: float = 1, born=date(2011, 5, 4)) -> MissingPersonCase:
    """Traced `hours_ago`, with an agreement the council signed for the referral."""
    SharingAgreementFactory(parties=[fixture("council")], title="Missing children protocol")
    now = timezone.now()
    case = missing_child(
        fixture,
        date_of_birth=born,
        missing_since=now - timedelta(hours=hours_ago + 3),
        reported_at=now - timedelta(hours=hours_ago + 2),
    )
    fields = {"traced_at": now - timedelta(hours=hours_ago), "traced_where": "Elm Road", "traced_how": "Found"}
    return missing_case_trace(actor=fixture("pcso"), case=case, fields=fields)


def already_referred(fixture) -> MissingPersonCase:
    case = traced_child(fixture)
    agreement = case.rhi_agency.sharing_agreements.get()
    missing_case_refer_rhi(actor=fixture("pcso"), case=case, agreement=agreement, note_text=RHI_TEXT)
    return MissingPersonCase.objects.get(pk=case.pk)


def case_page(case) -> str:
    return reverse("missing_persons:missing-case-detail", args=[case.pk])


def rhi_agreement(case) -> int:
    return case.rhi_agency.sharing_agreements.get().pk if case.rhi_agency else 0


def refer_rhi(build) -> Action:
    return Action(
        build=build,
        page=lambda case: (
            reverse("missing_persons:missing-case-refer-rhi", args=[case.pk]),
            {"agreement": rhi_agreement(case), "note_text": RHI_TEXT, "purpose": "Return home interview"},
        ),
        api=lambda case: (
            "post",
            reverse("api:missing-person-case-refer-rhi", args=[case.pk]),
            {"agreement": rhi_agreement(case), "note_text": RHI_TEXT},
            None,
        ),
        state=lambda case: {
            "referred": MissingPersonCase.objects.get(pk=case.pk).rhi_referred_at is not None,
            "version": MissingPersonCase.objects.get(pk=case.pk).version,
            "live shares": NoteShare.objects.filter(revoked_at=None).count(),
        },
        shown_on=case_page,
    )


def trace(build) -> Action:
    return Action(
        build=build,
        page=lambda case: (
            reverse("missing_persons:missing-case-trace", args=[case.pk]),
            {
                "traced_at": local(-timedelta(minutes=30)),
                "traced_where": "Park",
                "traced_how": "Found",
                "version": case.version,
            },
        ),
        api=lambda case: (
            "post",
            reverse("api:missing-person-case-trace", args=[case.pk]),
            {"traced_at": iso(-timedelta(minutes=30)), "traced_where": "Park", "traced_how": "Found"},
            etag_for(case),
        ),
        state=lambda case: MissingPersonCase.objects.values("status", "traced_where", "version").get(pk=case.pk),
        shown_on=case_page,
    )


def record_return(build) -> Action:
    return Action(
        build=build,
        page=lambda case: (
            reverse("missing_persons:missing-case-return", args=[case.pk]),
            {"safe_and_well_at": local(-timedelta(minutes=5)), "safe_and_well_notes": "Fine", "version": case.version},
        ),
        api=lambda case: (
            "post",
            reverse("api:missing-person-case-return", args=[case.pk]),
            {"safe_and_well_at": iso(-timedelta(minutes=5)), "safe_and_well_notes": "Fine"},
            etag_for(case),
        ),
        state=lambda case: MissingPersonCase.objects.values("safe_and_well_notes", "safe_and_well_by", "version").get(
            pk=case.pk
        ),
        shown_on=case_page,
    )


ACTIONS: dict[str, Action] = {
    "refer RHI on time": refer_rhi(traced_child),
    "refer RHI late": refer_rhi(lambda fixture: traced_child(fixture, hours_ago=80)),  # 72 hours passed
    "refer RHI already referred": refer_rhi(already_referred),
    "refer RHI adult": refer_rhi(lambda fixture: traced_child(fixture, born=date(1960, 1, 1))),
    "trace": trace(missing_child),
    "trace traced case": trace(traced_child),
    "record return": record_return(traced_child),
    "record return still missing": record_return(missing_child),
}
