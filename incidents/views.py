from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation

from .filtersets import CrimeFilterSet
from .selectors import crime_list


@require_capability(Capability.VIEW_CRIME)
def crime_index(request):
    filterset = CrimeFilterSet(request.GET, queryset=crime_list(actor=request.user))
    crimes = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(crimes, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="crime.search", details={"filters": request.GET.dict()})
    return render(request, "incidents/crime_list.html", {"filter": filterset, "page": page})
