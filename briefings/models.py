from django.conf import settings
from django.db import models

from briefings.querysets import BriefingQuerySet
from community.models.neighbourhoods import Neighbourhood

# Every key of API.md's `sections`, present even before its feature exists.
SECTION_KEYS = (
    "recent_crime",
    "monthly_context",
    "hotspots",
    "incidents",
    "missing_persons",
    "intelligence",
    "priorities",
    "engagements",
    "patrols",
    "enquiries",
)


class Briefing(models.Model):
    """One neighbourhood's briefing for one date: a snapshot built by a background job."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="briefings")
    date = models.DateField()
    generated_at = models.DateTimeField()
    period_start = models.DateTimeField(help_text="Start of the 24 hours the briefing reports")
    period_end = models.DateTimeField(help_text="End of the 24 hours (the scheduled build time)")
    sections = models.JSONField(default=dict)
    contains_demo_data = models.BooleanField(default=False)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "neighbourhood__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "date"], name="one_briefing_per_neighbourhood_per_day")
        ]

    def __str__(self):
        return f"{self.neighbourhood} {self.date:%d %b %Y}"


class Acknowledgement(models.Model):
    """A reader pressed "I've read this"."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_reads")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["acknowledged_at", "id"]
        constraints = [models.UniqueConstraint(fields=["briefing", "user"], name="one_read_per_user_per_briefing")]

    def __str__(self):
        return f"{self.user} read {self.briefing}"
