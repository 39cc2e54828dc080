"""A person's own notifications: the page the nav badge links to, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.notifications import notifications_for, notifications_mark_read


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    """Mark one (`id`) or all of the reader's own notifications read; others' ids do nothing."""
    value = request.POST.get("id", "")
    notifications_mark_read(actor=request.user, ids=[int(value)] if value.isdigit() else None)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else "accounts:notifications")
