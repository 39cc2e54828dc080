from django.conf import settings
from rest_framework import exceptions
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.services import token_issue


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class TokenView(ObtainAuthToken):
    """POST {"username", "password"} -> {"token"}. Failed attempts count toward the lockout.

    Bad credentials answer 400 with one body whether or not the username exists. A
    locked account answers like the sign-in page does (AXES_HTTP_RESPONSE_CODE, 429)
    with a JSON explanation and Retry-After, for known and unknown usernames alike.
    """

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request it was given: here DRF's Request wrapper,
            # which AxesMiddleware never sees, so the lockout is answered here.
            if getattr(request, "axes_locked_out", False):
                return self.locked_out()
            raise exceptions.ValidationError(serializer.errors)
        token = token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @staticmethod
    def locked_out() -> Response:
        minutes = lockout_minutes()
        return Response(
            {"detail": f"Account locked: too many failed sign-in attempts. Try again in {minutes} minutes."},
            status=settings.AXES_HTTP_RESPONSE_CODE,
            headers={"Retry-After": str(minutes * 60)},
        )
