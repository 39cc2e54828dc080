from django.db import models


class Role(models.TextChoices):
    """The roles of API.md. The value is the contract (`create_user --role`)."""

    PCSO = "pcso", "PCSO"
    CONSTABLE = "constable", "Constable"
    SUPERVISOR = "supervisor", "Supervisor"
    INTELLIGENCE = "intelligence", "Intelligence officer"
    STAFF = "staff", "Staff (enquiry/admin)"
    PARTNER = "partner", "Partner agency user"
    ADMIN = "admin", "Administrator"


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HOUSING = "housing", "Housing association"
    SCHOOL = "school", "School"
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HEALTH = "health", "Health"
    FIRE = "fire", "Fire and rescue"
    NEIGHBOURHOOD_WATCH = "neighbourhood_watch", "Neighbourhood watch"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"
