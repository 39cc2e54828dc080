// House-to-house enquiries: the coordinator's coverage map (premises by status: shape,
// letter and colour, as the legend), drawing the enquiry's area on the set-up form, and
// the visit form's call-back and card fields shown only for the outcomes that need them.
// Data comes from a json_script block (CSP script-src 'self', no inline script).
"use strict";

(function () {
  var LETTERS = { not_visited: "N", revisit: "R", attempted: "A", completed: "C" };
  var AREA = "#14284b";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function baseMap(el, data) {
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function areaLayer(area) {
    return L.geoJSON(area, { style: { color: AREA, weight: 2, dashArray: "6 4", fillOpacity: 0.06 }, interactive: false });
  }

  function premisesMarker(p) {
    var icon = L.divIcon({
      className: "premises-marker premises-marker--" + p.status,
      html: "<span>" + (LETTERS[p.status] || "?") + "</span>",
      iconSize: [20, 20],
    });
    var due = p.revisit_due_at ? "<br>Call back by " + escapeHtml(new Date(p.revisit_due_at).toLocaleString()) : "";
    return L.marker([p.latitude, p.longitude], { icon: icon, title: p.address + ": " + p.status_label, keyboard: true })
      .bindPopup("<strong>" + escapeHtml(p.address) + "</strong><br>" + escapeHtml(p.status_label) + due);
  }

  function coverageMap(el, data) {
    var map = baseMap(el, data);
    var bounds = L.latLngBounds([]);
    if (data.area) {
      var outline = areaLayer(data.area).addTo(map);
      bounds.extend(outline.getBounds());
    }
    (data.premises || []).forEach(function (p) {
      premisesMarker(p).addTo(map);
      bounds.extend([p.latitude, p.longitude]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.15), { maxZoom: 18 });
    } else {
      map.setView([54.0, -2.5], 5);
    }
  }

  // Tap the corners; "Finish area" closes the ring and writes a GeoJSON Polygon to the form.
  function areaPicker(el, data) {
    var input = document.getElementById("id_area");
    var statusText = document.getElementById("area-status");
    var map = baseMap(el, data);
    var corners = [];
    var drawn = null;
    var sketch = L.layerGroup().addTo(map);
    var existing = data.area || (input && input.value ? JSON.parse(input.value) : null);
    if (existing) {
      drawn = areaLayer(existing).addTo(map);
      map.fitBounds(drawn.getBounds().pad(0.3), { maxZoom: 18 });
    } else {
      map.setView([51.5155, -0.0922], 16); // the City of London: the sample data's streets
    }
    function redraw() {
      sketch.clearLayers();
      corners.forEach(function (c) {
        L.circleMarker(c, { radius: 6, color: "#fff", weight: 2, fillColor: AREA, fillOpacity: 1 }).addTo(sketch);
      });
      if (corners.length > 1) L.polyline(corners, { color: AREA, weight: 2 }).addTo(sketch);
    }
    map.on("click", function (event) {
      corners.push(event.latlng);
      redraw();
      statusText.textContent = corners.length + " corner" + (corners.length === 1 ? "" : "s") + " marked.";
    });
    document.getElementById("area-finish").addEventListener("click", function () {
      if (corners.length < 3) {
        statusText.textContent = "Mark at least three corners first.";
        return;
      }
      var ring = corners.map(function (c) { return [Number(c.lng.toFixed(6)), Number(c.lat.toFixed(6))]; });
      ring.push(ring[0]);
      var polygon = { type: "Polygon", coordinates: [ring] };
      input.value = JSON.stringify(polygon);
      if (drawn) map.removeLayer(drawn);
      drawn = areaLayer(polygon).addTo(map);
      corners = [];
      redraw();
      statusText.textContent = "Area drawn.";
    });
    document.getElementById("area-clear").addEventListener("click", function () {
      corners = [];
      redraw();
      if (drawn) { map.removeLayer(drawn); drawn = null; }
      input.value = "";
      statusText.textContent = "No area drawn.";
    });
  }

  // A call-back time only for outcomes that need one; a card reference only for a card left.
  function visitForm(form) {
    var revisit = (form.dataset.revisitOutcomes || "").split(" ");
    var card = (form.dataset.cardOutcomes || "").split(" ");
    var revisitFields = document.getElementById("revisit-fields");
    var cardFields = document.getElementById("card-fields");
    function show(section, visible) {
      section.hidden = !visible;
      if (!visible) section.querySelectorAll("input, select").forEach(function (i) { i.value = ""; });
    }
    function update() {
      var chosen = form.querySelector("input[name=outcome]:checked");
      var code = chosen ? chosen.value : "";
      show(revisitFields, revisit.indexOf(code) !== -1);
      show(cardFields, card.indexOf(code) !== -1);
    }
    form.querySelectorAll("input[name=outcome]").forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function start() {
    var form = document.querySelector("form.visit-form");
    if (form) visitForm(form);
    var source = document.getElementById("enquiry-map-data");
    if (!source || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    var coverage = document.getElementById("enquiry-map");
    if (coverage) coverageMap(coverage, data);
    var picker = document.getElementById("enquiry-area-map");
    if (picker) areaPicker(picker, data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
