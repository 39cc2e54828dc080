from django.db import models


class AgreementStatus(models.TextChoices):
    """An information sharing agreement's recorded status; an active one past its expiry
    date also blocks sharing (SharingAgreement.blocks_sharing)."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    EXPIRED = "expired", "Expired"
