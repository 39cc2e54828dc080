from django.conf import settings


def site(request):
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
    }
