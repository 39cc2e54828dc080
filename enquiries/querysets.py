from incidents.querysets import InternalCaseQuerySet


class EnquiryQuerySet(InternalCaseQuerySet):
    """House-to-house enquiries are read by the internal roles that read incidents; partners
    see none. Their answers are personal data: reads are consultations."""

    def open(self):
        return self.filter(status="open")


class PremisesQuerySet(InternalCaseQuerySet):
    """Seen with their enquiry, by the same roles."""


class VisitQuerySet(InternalCaseQuerySet):
    """Seen with their premises, by the same roles."""
