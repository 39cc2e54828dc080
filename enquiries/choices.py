from django.db import models


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EnquiryScope(models.TextChoices):
    """How the enquiry's reach was set (DOMAIN §9): named streets, a list of addresses, or an area."""

    STREETS = "streets", "Streets"
    ADDRESSES = "addresses", "Address list"
    AREA = "area", "Area on a map"


class PremisesStatus(models.TextChoices):
    """Where a premises stands, from its visits (recomputed whenever a visit is added)."""

    NOT_VISITED = "not_visited", "Not visited"
    REVISIT = "revisit", "Revisit due"
    ATTEMPTED = "attempted", "Visited, not complete"
    COMPLETED = "completed", "Completed"
