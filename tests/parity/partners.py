"""Partners: sharing a case note with an agency and revoking the share."""

from django.urls import reverse

from accounts.models import PartnerAgency
from partners.models import NoteShare, SharingAgreement
from partners.services.shares import note_share, share_revoke
from tests.factories import CaseNoteFactory, IncidentFactory, SharingAgreementFactory
from tests.parity.actions import Action


def shareable_note(fixture):
    """A note of Pat's on a North incident, and an agreement the council signed."""
    SharingAgreementFactory(parties=[fixture("council")])
    pcso = fixture("pcso")
    return CaseNoteFactory(incident=IncidentFactory(neighbourhood=fixture("north"), created_by=pcso), author=pcso)


def share_of(note, fixture):
    council = fixture("council")
    agreement = council.sharing_agreements.get()
    return note_share(actor=fixture("pcso"), note=note, agency=council, agreement=agreement, purpose="Safeguarding")


def shared_note(fixture):
    note = shareable_note(fixture)
    share_of(note, fixture)
    return note


def share_note(build, *, shown: bool = True) -> Action:
    return Action(
        build=build,
        page=lambda note: (
            reverse("partners:note-share", args=[note.incident_id, note.pk]),
            {
                "agencies": [agency_pk("council")],
                "agreement": the_agreement(),
                "purpose": "Safeguarding",
                "include_neighbourhood": "on",
                "include_reference": "on",
                "action": "",
                "action_due_at": "",
            },
        ),
        api=lambda note: (
            "post",
            reverse("api:note-shares", args=[note.pk]),
            {"agency": "council", "agreement": the_agreement(), "purpose": "Safeguarding"},
            None,
        ),
        state=lambda note: {"live shares": NoteShare.objects.filter(note=note, revoked_at=None).count()},
        # Offered per note whoever it already went to: once per agency is checked on sending.
        shown_on=(lambda note: reverse("incidents:incident-detail", args=[note.incident_id])) if shown else None,
    )


def the_agreement() -> int:
    return SharingAgreement.objects.get().pk


def agency_pk(code: str) -> int:
    return PartnerAgency.objects.get(code=code).pk


def live_share(fixture) -> NoteShare:
    return share_of(shareable_note(fixture), fixture)


def revoked_share(fixture) -> NoteShare:
    return share_revoke(actor=fixture("pcso"), share=live_share(fixture))


def revoke(build) -> Action:
    return Action(
        build=build,
        page=lambda share: (reverse("partners:share-revoke", args=[share.pk]), {"reason": "Sent by mistake"}),
        api=lambda share: ("post", reverse("api:share-revoke", args=[share.pk]), {"reason": "Sent by mistake"}, None),
        state=lambda share: {
            "revoked": NoteShare.objects.get(pk=share.pk).revoked_at is not None,
            **NoteShare.objects.values("revoked_by", "revoke_reason").get(pk=share.pk),
        },
        shown_on=lambda share: reverse("incidents:incident-detail", args=[share.note.incident_id]),
    )


ACTIONS: dict[str, Action] = {
    "share note": share_note(shareable_note),
    "share note again": share_note(shared_note, shown=False),
    "revoke share": revoke(live_share),
    "revoke revoked share": revoke(revoked_share),
}
