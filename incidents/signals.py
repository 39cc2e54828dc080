"""Signals the incidents app sends, so apps above it can add to its pages without incidents
importing them (docs/architecture.md, Layers: a higher app listens to a lower one)."""

from django.dispatch import Signal

# Sent while the incident page and the ASB case page are built; each receiver returns a dict
# merged into the page's context. partners answers with what was shared from the notes and
# who may revoke it (templates/partners/_shares.html), whether the reader may share, and, for
# the incident page, which agencies can see each note now ("shared_with": note id -> names).
# Keyword arguments: actor, and incident (incident_page) or case (asb_case_page).
incident_page = Signal()
asb_case_page = Signal()


def page_sections(signal: Signal, **kwargs) -> dict:
    """Everything the receivers of `signal` add to a page, in one context."""
    context = {}
    for _receiver, section in signal.send(sender=None, **kwargs):
        context |= section
    return context
