from django.apps import AppConfig


class CrimesConfig(AppConfig):
    name = "crimes"
    verbose_name = "Recorded crime"
