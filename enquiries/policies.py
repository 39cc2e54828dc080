"""Who may do what to a house-to-house enquiry, and when: asked by the services, the pages
(and their buttons) and the API alike (docs/enquiries.md)."""

from incidents.policies import can_log_incident, is_supervising

# --- House-to-house enquiries (docs/enquiries.md) -----------------------------------------


def can_work_enquiries(user) -> bool:
    """Those who log incidents (PCSOs, constables, supervisors, enquiry staff) set up
    enquiries, add premises and record visits."""
    return can_log_incident(user)


def can_close_enquiry(user, enquiry) -> bool:
    """The enquiry's coordinator, or a supervisor."""
    return can_work_enquiries(user) and (is_supervising(user) or enquiry.coordinator_id == user.pk)


def can_work_open_enquiry(user, enquiry) -> bool:
    """Editing it, adding or importing premises and recording visits: while it is open. (A
    visit's follow-up may still be marked done after it closes: can_work_enquiries.)"""
    return can_work_enquiries(user) and enquiry.is_open


def can_close_enquiry_now(user, enquiry) -> bool:
    """The close button and enquiry_close: the coordinator or a supervisor, once."""
    return can_close_enquiry(user, enquiry) and enquiry.is_open
