from incidents.querysets import InternalCaseQuerySet


class MissingPersonCaseQuerySet(InternalCaseQuerySet):
    """Restricted data, read by every internal role (the briefing shows active cases to all
    of them); partners see none, not even that a case exists (docs/missing-persons.md)."""

    def active(self):
        return self.filter(status="active")

    def review_overdue(self, now):
        return self.active().filter(next_review_due_at__lt=now)
