from django.db import models


class ReferenceItem(models.Model):
    """An entry of an editable reference list (DOMAIN [data]): retired, never deleted."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Offered for new records")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name", "id"]

    def __str__(self):
        return self.name
