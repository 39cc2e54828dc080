from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from crimes.choices import CrimeCategory, CrimeSource
from crimes.filtersets import CrimeFilterSet
from crimes.selectors import crime_list


@require_capability(Capability.VIEW_CRIME)
def crime_index(request):
    filterset = CrimeFilterSet(request.GET, queryset=crime_list(actor=request.user))
    present_filter_form(filterset.form)  # before validation, which fixes the fields' labels
    crimes = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(crimes, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="crime.search", details={"filters": request.GET.dict()})
    return render(request, "crimes/crime_list.html", {"filter": filterset, "page": page})


def present_filter_form(form) -> None:
    """Plain labels and native pickers for the page; the FilterSet (shared with the API) is untouched."""
    fields = form.fields
    # Native pickers on phones; they send the ISO formats the API filters also take.
    fields["month"].widget.input_type = "month"
    fields["occurred_after"].widget.input_type = "datetime-local"
    fields["occurred_before"].widget.input_type = "datetime-local"
    fields["occurred_after"].label = "Happened on or after"
    fields["occurred_before"].label = "Happened before"
    fields["month"].label = "Month"
    fields["month"].help_text = "Like 2025-11"
    fields["category"].widget.choices = [("", "Any category"), *CrimeCategory.choices]
    fields["source"].widget.choices = [("", "Any source"), *CrimeSource.choices]
    fields["unassigned"].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]
