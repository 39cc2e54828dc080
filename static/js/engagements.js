// Engagement pages: the form's map picker, the map of engagements (calendar, one
// engagement), the supervisors' activity chart (Chart.js) and the print button of
// "you said, we did". Data comes from json_script blocks (CSP script-src 'self').
"use strict";

(function () {
  // Ten distinguishable colours (Okabe-Ito and Tol), for up to ten engagement types.
  // The table under the chart carries the same numbers, so colour is never the only signal.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288", "#882255",
    "#117733", "#999933"];

  function drawActivity() {
    var el = document.getElementById("activity-chart");
    var source = document.getElementById("activity-data");
    if (!el || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#1b1d21";
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
    new Chart(el, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return { label: series.type, data: series.counts, backgroundColor: PALETTE[index % PALETTE.length] };
        }),
      },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function drawPicker() {
    var data = readJson("engagement-map-data");
    if (!data || !window.PcsoMapPicker) return;
    var map = window.PcsoMapPicker.attach({
      el: document.getElementById("engagement-map"),
      data: data,
      latInput: document.getElementById("id_latitude"),
      lonInput: document.getElementById("id_longitude"),
      statusText: document.getElementById("location-status"),
      locateButton: document.getElementById("use-my-location"),
      clearButton: document.getElementById("clear-point"),
    });
    // The map sits in a folded <details>: Leaflet measures it again once it is opened.
    var details = document.getElementById("engagement-map") && document.getElementById("engagement-map").closest("details");
    if (map && details) details.addEventListener("toggle", function () { map.invalidateSize(); });
  }

  function drawEngagements() {
    var el = document.getElementById("engagements-map");
    var data = readJson("engagements-map-data");
    if (!el || !data || typeof L === "undefined") return;
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var layers = [];
    var bounds = L.latLngBounds([]);
    if (data.boundary) {
      var outline = L.geoJSON(data.boundary, {
        style: { color: "#14284b", weight: 2, fillOpacity: 0.04, dashArray: "6 4" }, interactive: false,
      });
      layers.push(outline);
      bounds.extend(outline.getBounds());
    }
    data.points.forEach(function (p) {
      layers.push(L.circleMarker([p.latitude, p.longitude], {
        radius: 9, color: "#fff", weight: 2, fillColor: PALETTE[0], fillOpacity: 0.9, className: "engagement-marker",
      }).bindPopup("<strong>" + escapeHtml(p.label) + "</strong><br>" + escapeHtml(p.when) + "<br>" + escapeHtml(p.address)));
      bounds.extend([p.latitude, p.longitude]);
    });
    map.fitBounds(bounds.pad(0.1), { maxZoom: 17 });
    layers.forEach(function (layer) { layer.addTo(map); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawPicker();
    drawEngagements();
    drawActivity();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
