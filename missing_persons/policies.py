from incidents.policies import can_log_incident, is_supervising

# --- Missing persons (docs/missing-persons.md) -----------------------------------------------


def can_work_missing_persons(user) -> bool:
    """Officers and staff who log incidents open cases, grade risk, record enquiries, sightings
    and the return; intelligence officers and administrators read only."""
    return can_log_incident(user)


def can_review_missing_persons(user) -> bool:
    """A supervisor's risk assessment is the supervisory review that resets the timer."""
    return can_work_missing_persons(user) and is_supervising(user)
