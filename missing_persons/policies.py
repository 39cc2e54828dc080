"""Who may do what to a missing-person case, and when: the one home of each rule, asked by
the services, the pages (and their buttons) and the API alike (docs/missing-persons.md)."""

from django.utils import timezone

from incidents.policies import can_log_incident, is_supervising
from partners.policies import can_share_notes

# --- Missing persons (docs/missing-persons.md) -----------------------------------------------


def can_work_missing_persons(user) -> bool:
    """Officers and staff who log incidents open cases, grade risk, record enquiries, sightings
    and the return; intelligence officers and administrators read only."""
    return can_log_incident(user)


def can_review_missing_persons(user) -> bool:
    """A supervisor's risk assessment is the supervisory review that resets the timer."""
    return can_work_missing_persons(user) and is_supervising(user)


def can_work_active_case(user, case) -> bool:
    """Sightings, actions, checklist ticks, a new risk grading and the trace: only while the
    person is still missing (the services refuse a traced case; the case page offers none)."""
    return can_work_missing_persons(user) and case.is_active


def can_record_return(user, case) -> bool:
    """The prevention interview and the return home interview's progress: only after the trace."""
    return can_work_missing_persons(user) and not case.is_active


# --- The return home interview referral -------------------------------------------------------


def rhi_referral_blockers(case) -> dict[str, str]:
    """Why this case's return home interview cannot be referred now (field -> reason); empty
    when it can. Lateness is no reason: a referral after the 72 hours is still made (the child
    still needs the interview) and the partner sees the statutory deadline as overdue."""
    if not case.is_child:
        return {"case": "Return home interviews are for children (under 18 when missing)."}
    if case.is_active or case.traced_at is None:
        return {"status": "Record the trace first: the referral follows the child's return."}
    problems = {}
    if case.rhi_agency_id is None:
        problems["rhi_agency"] = "No local authority is on record for this case: record who it goes to first."
    share = case.rhi_share
    if share is not None and share.is_current:
        when = timezone.localtime(share.shared_at).strftime("%d %b %H:%M")
        problems["rhi_share"] = f"Already referred to {share.agency.name} at {when}: revoke that share to refer again."
    return problems


def can_refer_rhi(user, case) -> bool:
    """May `user` refer this case's return home interview now? Those who work cases and share
    notes, for a traced child with an agency on record and no live referral. The case page's
    form and its refusal ask this; missing_case_refer_rhi (the API's and the page's way in)
    checks the same two halves, refusing the role (logged) apart from the case's state."""
    return can_work_missing_persons(user) and can_share_notes(user) and not rhi_referral_blockers(case)
