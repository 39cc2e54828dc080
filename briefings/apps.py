from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "Daily area briefings"

    def ready(self):
        from briefings.tasks import schedule_briefing_refresh
        from pcso.signals import briefing_content_changed

        briefing_content_changed.connect(schedule_briefing_refresh, dispatch_uid="briefings.refresh")
