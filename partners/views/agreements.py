"""Partner agencies and information sharing agreements (docs/partners.md).

Every police user reads them (officers choose both when they share a note); administrators
register agencies; supervisors and administrators record agreements. Partner users get 404.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import require_capability
from accounts.roles import Capability, has_capability
from accounts.services import agency_upsert
from audit.services import audit_consultation
from partners.filtersets import SharingAgreementFilterSet
from partners.forms import PartnerAgencyForm, SharingAgreementForm
from partners.selectors import agency_get, agency_list, agreement_get, agreement_list, agreements_review_due
from partners.services.agreements import agreement_create, agreement_update
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.pages import add_errors


@require_capability(Capability.VIEW_INCIDENTS)
def agency_index(request):
    page = Paginator(agency_list(actor=request.user), 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="agency.search", details={"filters": request.GET.dict()})
    can_manage = has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)
    return render(request, "partners/agency_list.html", {"page": page, "can_manage": can_manage})


def agency_form_page(request, form, agency=None):
    return render(request, "partners/agency_form.html", {"form": form, "agency": agency})


@require_capability(Capability.MANAGE_REFERENCE_DATA)
def agency_new(request):
    form = PartnerAgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency, _ = agency_upsert(actor=request.user, code=form.cleaned_data["code"], **form.agency_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{agency.name} registered. Add its users: create_user --agency {agency.code}")
            return redirect("partners:agency-list")
    return agency_form_page(request, form)


@require_capability(Capability.MANAGE_REFERENCE_DATA)
def agency_edit(request, code):
    agency = agency_get(actor=request.user, code=code, action="agency.view_to_edit")
    if request.method != "POST":
        form = PartnerAgencyForm(instance=agency, initial={"version": agency.version})
        return agency_form_page(request, form, agency)
    form = PartnerAgencyForm(request.POST, instance=agency)
    if form.is_valid():
        try:
            agency_upsert(actor=request.user, code=agency.code, version=form.cleaned_data["version"],
                          **form.agency_fields())  # fmt: skip
        except StaleVersionError as exc:
            messages.error(request, pages.stale_message("agency"))
            return agency_form_page(request, PartnerAgencyForm(instance=exc.current,
                                    initial={"version": exc.current.version}), exc.current)  # fmt: skip
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{agency.code}: saved.")
            return redirect("partners:agency-list")
    return agency_form_page(request, form, agency)


@require_capability(Capability.VIEW_INCIDENTS)
def agreement_index(request):
    filterset = SharingAgreementFilterSet(request.GET, queryset=agreement_list(actor=request.user))
    agreements = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(agreements, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="agreement.search", details={"filters": request.GET.dict()})
    can_manage = has_capability(request.user, Capability.MANAGE_AGREEMENTS)
    today = timezone.localdate()
    review_due = (
        agreements_review_due(actor=request.user, today=today, days=settings.AGREEMENT_REVIEW_NOTICE_DAYS)
        if can_manage
        else []
    )
    rows = [(agreement, agreement.blocks_sharing(today)) for agreement in page]
    return render(
        request,
        "partners/agreement_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "review_due": review_due,
            "notice_days": settings.AGREEMENT_REVIEW_NOTICE_DAYS,
            "today": today,
            "can_manage": can_manage,
        },
    )


@require_capability(Capability.VIEW_INCIDENTS)
def agreement_detail(request, pk):
    agreement = agreement_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "blocked": agreement.blocks_sharing(today),
            "review_due": agreement.review_on <= today + timedelta(days=settings.AGREEMENT_REVIEW_NOTICE_DAYS),
            "can_manage": has_capability(request.user, Capability.MANAGE_AGREEMENTS),
        },
    )


def agreement_form_page(request, form, agreement=None):
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": agreement})


@require_capability(Capability.MANAGE_AGREEMENTS)
def agreement_new(request):
    today = timezone.localdate()
    initial = {"starts_on": today, "review_on": today.replace(year=today.year + 1) - timedelta(days=30)}
    form = SharingAgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(
                actor=request.user, fields=form.agreement_fields(), parties=form.cleaned_data["parties"]
            )
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{agreement.reference} recorded.")
            return redirect("partners:agreement-detail", pk=agreement.pk)
    return agreement_form_page(request, form)


@require_capability(Capability.MANAGE_AGREEMENTS)
def agreement_edit(request, pk):
    agreement = agreement_get(actor=request.user, pk=pk, action="agreement.view_to_edit")
    if request.method != "POST":
        initial = {"version": agreement.version, "parties": list(agreement.parties.all())}
        return agreement_form_page(request, SharingAgreementForm(instance=agreement, initial=initial), agreement)
    form = SharingAgreementForm(request.POST, instance=agreement)
    if form.is_valid():
        try:
            agreement_update(actor=request.user, agreement=agreement, version=form.cleaned_data["version"],
                             fields=form.agreement_fields(), parties=form.cleaned_data["parties"])  # fmt: skip
        except StaleVersionError as exc:
            messages.error(request, pages.stale_message("agreement"))
            initial = {"version": exc.current.version, "parties": list(exc.current.parties.all())}
            form = SharingAgreementForm(instance=exc.current, initial=initial)
            return agreement_form_page(request, form, exc.current)
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{agreement.reference}: saved.")
            return redirect("partners:agreement-detail", pk=agreement.pk)
    return agreement_form_page(request, form, agreement)
