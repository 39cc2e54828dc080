// Logging an incident: the ASB questions only for ASB categories, and a Leaflet map to
// mark the place (tap, or the phone's location) that fills the latitude/longitude fields.
// Data comes from a json_script block: no inline script (CSP script-src 'self').
"use strict";

(function () {
  var dataElement = document.getElementById("incident-map-data");
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  var statusText = document.getElementById("location-status");

  // The ASB qualifier and sub-type apply to ASB categories only; answers left in them for
  // another category would be refused, so hiding them also clears them.
  var category = document.getElementById("id_opening_category");
  var asbFields = document.getElementById("asb-fields");
  function toggleAsb() {
    var isAsb = data.asb_categories.indexOf(Number(category.value)) !== -1;
    asbFields.hidden = !isAsb;
    if (!isAsb) {
      asbFields.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
      asbFields.querySelectorAll("select").forEach(function (select) { select.value = ""; });
    }
  }
  if (category && asbFields) {
    category.addEventListener("change", toggleAsb);
    toggleAsb();
  }

  var el = document.getElementById("incident-map");
  if (!el || typeof L === "undefined") return;
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
  // Places already known (a missing person's home and sightings): labelled dots, listed on the page too.
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
  if (!latInput || !lonInput) return; // a map to look at, with nothing to pick

  var marker = null;
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
    statusText.textContent = "Point marked.";
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

  document.getElementById("use-my-location").addEventListener("click", function () {
    if (!navigator.geolocation) {
      statusText.textContent = "This browser cannot share its location: tap the map instead.";
      return;
    }
    statusText.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        setPoint(latlng);
        map.setView(latlng, 17);
      },
      function () { statusText.textContent = "Could not get your location: tap the map instead."; },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });
  document.getElementById("clear-point").addEventListener("click", function () {
    if (marker) { map.removeLayer(marker); marker = null; }
    latInput.value = "";
    lonInput.value = "";
    statusText.textContent = "Point cleared.";
  });
})();
