"""What partners adds to the incident and ASB case pages: the shares of their notes.

incidents sits below partners, so its pages cannot ask for these: they send
incidents.signals.incident_page / asb_case_page, and these receivers answer
(connected in PartnersConfig.ready).
"""

from partners.policies import can_revoke_share_now, can_share_notes
from partners.selectors import case_shares, incident_shares


def incident_page_shares(sender, *, actor, incident, **kwargs) -> dict:
    shares = incident_shares(actor=actor, incident=incident)
    shared_with = {}  # note id -> the agencies that can see it now
    for share in shares:
        if share.is_current:
            shared_with.setdefault(share.note_id, []).append(share.agency.name)
    return {
        "shares": [(share, can_revoke_share_now(actor, share)) for share in shares],
        "can_share": can_share_notes(actor),
        "shared_with": shared_with,
    }


def asb_case_page_shares(sender, *, actor, case, **kwargs) -> dict:
    return {"shares": [(share, can_revoke_share_now(actor, share)) for share in case_shares(actor=actor, case=case)]}
