from incidents.policies import can_log_incident, is_supervising

# --- House-to-house enquiries (docs/enquiries.md) -----------------------------------------


def can_work_enquiries(user) -> bool:
    """Those who log incidents (PCSOs, constables, supervisors, enquiry staff) set up
    enquiries, add premises and record visits."""
    return can_log_incident(user)


def can_close_enquiry(user, enquiry) -> bool:
    """The enquiry's coordinator, or a supervisor."""
    return can_work_enquiries(user) and (is_supervising(user) or enquiry.coordinator_id == user.pk)
