from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner agencies"

    def ready(self):
        from incidents.signals import asb_case_page, incident_page
        from partners.views.case_pages import asb_case_page_shares, incident_page_shares

        # The incident and ASB case pages show what was shared from their notes.
        incident_page.connect(incident_page_shares, dispatch_uid="partners.incident_page_shares")
        asb_case_page.connect(asb_case_page_shares, dispatch_uid="partners.asb_case_page_shares")
