"""What the page maps start from: the neighbourhood outlines and the tile server.

Pages of several apps draw them (the incident and intelligence forms pick a point within
the outlines), so they live beside the neighbourhoods rather than in one app's views.
"""

from django.conf import settings

from community.models.neighbourhoods import Neighbourhood


def tiles() -> dict:
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def picker_data(*, point: list[float] | None = None) -> dict:
    """For static/js/map_picker.js: the outlines to pick within, the point already chosen, the tiles."""
    outlines = Neighbourhood.objects.exclude(boundary=None).values_list("name", "boundary")
    return {
        "boundaries": [{"name": name, "boundary": boundary} for name, boundary in outlines],
        "point": point,
        "tiles": tiles(),
    }
