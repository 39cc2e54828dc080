"""Penalty notice pages (docs/notices.md): register, issue, detail with status, designations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from incidents.filtersets import PenaltyNoticeFilterSet
from incidents.forms import DesignationForm, NoticeForm, NoticeStatusForm
from incidents.policies import NOTICE_TRANSITIONS, can_change_notice_status
from incidents.selectors import designated_users, notice_get, notice_list
from incidents.services.notices import (
    designations_set,
    notice_issue,
    notice_set_status,
    offences_for,
)
from pcso import pages
from pcso.pages import add_errors


@require_capability(Capability.VIEW_INCIDENTS)
def notice_index(request):
    filterset = PenaltyNoticeFilterSet(request.GET, queryset=notice_list(actor=request.user))
    fields = filterset.form.fields
    for name in ("issued_after", "issued_before"):
        fields[name].widget.input_type = "datetime-local"
    fields["offence"].empty_label = "Any offence"
    notices = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="notice.search", details={"filters": request.GET.dict()})
    return render(request, "incidents/notice_list.html", {"filter": filterset, "page": page})


@require_capability(Capability.ISSUE_NOTICES)
def notice_new(request):
    offences = offences_for(request.user)
    form = NoticeForm(request.POST or None, offences=offences)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_issue(actor=request.user, offence=form.cleaned_data["offence"], fields=form.notice_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{notice.reference} recorded.")
            return redirect("incidents:notice-detail", pk=notice.pk)
    return render(request, "incidents/notice_form.html", {"form": form, "has_offences": offences.exists()})


@require_capability(Capability.VIEW_INCIDENTS)
def notice_detail(request, pk):
    notice = notice_get(actor=request.user, pk=pk)
    choices = sorted(NOTICE_TRANSITIONS[notice.status])
    status_form = None
    if choices and can_change_notice_status(request.user, notice):
        status_form = NoticeStatusForm(initial={"version": notice.version})
        status_form.fields["status"].choices = [(c, label) for c, label in status_form.fields["status"].choices
                                                if c in choices]  # fmt: skip
    return render(request, "incidents/notice_detail.html", {"notice": notice, "status_form": status_form})


@require_capability(Capability.ISSUE_NOTICES)
@require_POST
def notice_status(request, pk):
    notice = notice_get(actor=request.user, pk=pk, action="notice.view_to_change_status")
    form = NoticeStatusForm(request.POST)

    def change_status():
        if not form.is_valid():
            raise ValidationError("Choose the new status.")
        notice_set_status(
            actor=request.user, notice=notice, status=form.cleaned_data["status"], version=form.cleaned_data["version"]
        )

    return pages.run_and_report(
        request,
        change_status,
        success=f"{notice.reference}: status changed.",
        back_to=reverse("incidents:notice-detail", args=[notice.pk]),
        thing="notice",
    )


@require_capability(Capability.MANAGE_REFERENCE_DATA)
def designation_index(request):
    users = designated_users(actor=request.user)
    rows = [
        (user, DesignationForm(initial={"offences": [d.offence for d in user.notice_designations.all()]},
                               auto_id=f"user{user.pk}_%s"))
        for user in users
    ]  # fmt: skip
    return render(request, "incidents/designation_list.html", {"rows": rows})


@require_capability(Capability.MANAGE_REFERENCE_DATA)
@require_POST
def designation_edit(request, username):
    user = get_object_or_404(designated_users(actor=request.user), username=username)
    form = DesignationForm(request.POST)
    if form.is_valid():
        designations_set(actor=request.user, user=user, offences=list(form.cleaned_data["offences"]))
        messages.success(request, f"Designations of {user.display_name} saved.")
    else:
        messages.error(request, "Choose offences from the list.")
    return redirect("incidents:designation-list")
