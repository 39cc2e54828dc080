import ipaddress
import re

from django.conf import settings

from pcso import context

# A client-supplied X-Request-ID is kept only if it is a plain token that fits the
# audit column; anything else (spaces, control characters, too long) gets a fresh id.
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client address for the audit trail.

    Behind the proxy the client address arrives in X-Forwarded-For. The last entry
    is the one our proxy added (the address it saw); earlier entries come from the
    client and can be forged. A value that is not an IP address is ignored, since it
    would not fit the audit column (PostgreSQL `inet`) and would fail the request.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.SECURE_PROXY_SSL_HEADER:
        address = valid_ip(forwarded.split(",")[-1])
        if address:
            return address
    return valid_ip(request.META.get("REMOTE_ADDR") or "")


def request_id_from(request) -> str:
    supplied = request.headers.get("X-Request-ID", "").strip()
    return supplied if REQUEST_ID_RE.fullmatch(supplied) else context.new_request_id()


class RequestContextMiddleware:
    """Give every request an id (echoed as X-Request-ID) and an acting context for audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        request_id = request_id_from(request)
        with context.acting(source=source, request_id=request_id, ip_address=client_ip(request)):
            request.request_id = request_id
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


BACKGROUND_HEADER = "X-Background-Refresh"


class IdleSessionMiddleware:
    """Push the session's expiry a full idle period ahead on each request a person makes.

    Requests a page makes on its own (the briefing's five-minute refresh sends
    X-Background-Refresh) do not count as activity, so a phone left open still
    signs out after PCSO_SESSION_IDLE_MINUTES.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and BACKGROUND_HEADER not in request.headers:
            request.session.modified = True
        return self.get_response(request)
