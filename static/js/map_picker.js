// A Leaflet map to mark a place: tap it, or use the phone's location; the point fills the
// latitude/longitude fields, and typing in them moves the point. Shared by the incident,
// engagement and missing-person forms. Places already known (`data.points`: a missing
// person's home and sightings) show as labelled dots; without latitude/longitude fields the
// map is only looked at. No inline script (CSP script-src 'self').
"use strict";

window.PcsoMapPicker = (function () {
  function attach(options) {
    var el = options.el;
    var data = options.data;
    var latInput = options.latInput;
    var lonInput = options.lonInput;
    var statusText = options.statusText;
    if (!el || typeof L === "undefined") return null;
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var outlines = (data.boundaries || []).map(function (b) {
      return L.geoJSON(b.boundary, {
        style: { color: "#14284b", weight: 2, fillOpacity: 0.04, dashArray: "6 4" },
        interactive: false,
      });
    });
    var bounds = L.latLngBounds([]);
    outlines.forEach(function (layer) { bounds.extend(layer.getBounds()); });
    var known = (data.points || []).map(function (p) {
      var layer = L.circleMarker([p.latitude, p.longitude], {
        radius: 7, color: "#fff", weight: 2, fillColor: p.kind === "home" ? "#14284b" : "#1a4f9c",
        fillOpacity: 0.9, className: "known-point known-point--" + (p.kind || "place"),
      });
      layer.bindTooltip(p.label || "", { direction: "top" });
      return layer;
    });
    var knownBounds = L.latLngBounds(known.map(function (layer) { return layer.getLatLng(); }));
    if (data.point) {
      map.setView(data.point, 17);
    } else if (knownBounds.isValid()) {
      map.fitBounds(knownBounds.pad(0.3), { maxZoom: 16 });
    } else if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
    } else {
      map.setView([54.0, -2.5], 5); // nothing to show: the whole of Great Britain
    }
    outlines.forEach(function (layer) { layer.addTo(map); });
    known.forEach(function (layer) { layer.addTo(map); });
    if (!latInput || !lonInput) return map; // a map to look at, with nothing to pick

    var marker = null;
    function say(text) { if (statusText) statusText.textContent = text; }
    function showPoint(latlng) {
      if (!marker) {
        marker = L.circleMarker(latlng, {
          radius: 10, color: "#fff", weight: 3, fillColor: "#8a1c12", fillOpacity: 0.9, className: "picked-point",
        }).addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
    }
    function setPoint(latlng) {
      showPoint(latlng);
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      say("Point marked.");
    }
    if (data.point) showPoint(L.latLng(data.point[0], data.point[1]));

    map.on("click", function (event) { setPoint(event.latlng); });
    function fromInputs() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        showPoint(L.latLng(lat, lon));
        map.panTo([lat, lon]);
      }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
    if (!data.point) fromInputs(); // a form sent back with errors keeps the point it had

    if (options.locateButton) {
      options.locateButton.addEventListener("click", function () {
        if (!navigator.geolocation) {
          say("This browser cannot share its location: tap the map instead.");
          return;
        }
        say("Finding your location…");
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
            setPoint(latlng);
            map.setView(latlng, 17);
          },
          function () { say("Could not get your location: tap the map instead."); },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    }
    if (options.clearButton) {
      options.clearButton.addEventListener("click", function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        latInput.value = "";
        lonInput.value = "";
        say("Point cleared.");
      });
    }
    return map;
  }

  return { attach: attach };
})();
