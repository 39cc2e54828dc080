"""What the shared map scripts draw: a page builds one of these and hands it over with json_script.

Two scripts read them: the location picker (static/js/map_picker.js, through
incident_form.js on the incident, intelligence and missing-person forms, and engagement
forms) and the patrol-style point map (static/js/patrols.js: patrol pages, the patrol
overview, an intelligence report's place). Pages with a map of their own (briefing,
enquiry, engagement calendar) take only the tiles from here.
"""

from collections.abc import Iterable

from django.conf import settings


def tiles() -> dict:
    """The tile server and its attribution (PCSO_MAP_TILE_URL); with none, maps draw outlines only."""
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def map_point(record) -> list[float] | None:
    """[latitude, longitude] of a record with a map point, or None (no record, or no point)."""
    if record is None or record.latitude is None or record.longitude is None:
        return None
    return [record.latitude, record.longitude]


def picker_map(
    *,
    boundaries: Iterable[dict] = (),
    point: list[float] | None = None,
    points: Iterable[dict] = (),
    asb_categories: Iterable[int] = (),
) -> dict:
    """For the location picker: outlines ({name, boundary}) to pick within, the point already
    chosen, places already known ({latitude, longitude, label, kind}) and, on the incident
    form, the categories that show the ASB questions."""
    return {
        "boundaries": list(boundaries),
        "point": point,
        "points": list(points),
        "asb_categories": list(asb_categories),
        "tiles": tiles(),
    }


def patrol_map(*, plans: Iterable[dict] = (), visits: Iterable[dict] = (), points: Iterable[dict] = ()) -> dict:
    """For the point map: patrol plans (circle or area), visits, and other points (crimes, a report)."""
    return {"plans": list(plans), "visits": list(visits), "points": list(points), "tiles": tiles()}
