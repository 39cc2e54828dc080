// Patrol maps (Leaflet): plan areas and logged visits against recent crime.
// Data comes from a json_script block (CSP script-src 'self', no inline script).
"use strict";

(function () {
  var PATROL = "#1d6b32";
  var CRIME = "#1a4f9c";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function start() {
    var el = document.getElementById("patrol-map");
    var source = document.getElementById("patrol-map-data");
    if (!el || !source || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var layers = [];
    var bounds = L.latLngBounds([]);
    (data.points || []).forEach(function (p) {
      layers.push(L.circleMarker([p.latitude, p.longitude], {
        radius: 5, color: "#fff", weight: 1, fillColor: CRIME, fillOpacity: 0.8, className: "crime-marker",
      }).bindPopup(escapeHtml(p.location || p.category)));
      bounds.extend([p.latitude, p.longitude]);
    });
    (data.plans || []).forEach(function (p) {
      var layer = p.area
        ? L.geoJSON(p.area, { style: { color: PATROL, weight: 3, fillOpacity: 0.15 } })
        : L.circle([p.latitude, p.longitude], { radius: p.radius, color: PATROL, weight: 3, fillOpacity: 0.15, className: "patrol-area" });
      layers.push(layer.bindPopup(escapeHtml(p.label)));
      bounds.extend([p.latitude, p.longitude]);
    });
    (data.visits || []).forEach(function (v) {
      var d = 0.00012;
      layers.push(L.rectangle([[v.latitude - d, v.longitude - d], [v.latitude + d, v.longitude + d]], {
        color: PATROL, weight: 2, fillColor: PATROL, fillOpacity: 0.9, className: "visit-marker",
      }).bindPopup(escapeHtml(v.label)));
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: 17 });
    } else {
      map.setView([54.0, -2.5], 5);
    }
    layers.forEach(function (layer) { layer.addTo(map); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
