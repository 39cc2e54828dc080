from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log (DPA 2018 s.62)"

    def ready(self):
        from audit import signals  # noqa: F401  (login, logout and failed-login events)
