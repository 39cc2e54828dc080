// The briefing map (Leaflet) and charts (Chart.js). Data comes from json_script
// blocks in the page, so no inline script is needed (CSP script-src 'self').
"use strict";

(function () {
  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Colours with at least 3:1 contrast against the map background and white.
  var CRIME = "#1a4f9c";
  var HOTSPOT = "#8a1c12";
  var BOUNDARY = "#14284b";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function drawMap(data) {
    var el = document.getElementById("briefing-map");
    if (!el || !data || typeof L === "undefined") return;
    // Fractional zoom fits a small neighbourhood snugly; no wheel zoom so the page scrolls.
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    // Police networks often run their own tile server; with none set, the
    // outline and points still draw on a plain background.
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    // Layers are collected first and added after the view is set: Leaflet cannot
    // draw vector layers on a map that has no centre yet.
    var layers = [];
    var bounds = L.latLngBounds([]);
    if (data.boundary) {
      var outline = L.geoJSON(data.boundary, {
        style: { color: BOUNDARY, weight: 3, fillOpacity: 0.05, dashArray: "6 4" },
        interactive: false,
      });
      layers.push(outline);
      bounds.extend(outline.getBounds());
    }
    // Hotspots go under the crime dots so every dot stays clickable. Their labels
    // are the numbers of the hotspot list below the map.
    (data.hotspots || []).forEach(function (h, index) {
      var latlng = [h.latitude, h.longitude];
      var kind = h.kind === "cluster" ? "Cluster of nearby places" : "Repeat location";
      layers.push(L.circleMarker(latlng, {
        radius: 10 + Math.min(h.count, 10), color: HOTSPOT, weight: 3, fillColor: HOTSPOT, fillOpacity: 0.15,
        className: "hotspot-marker",
      })
        .bindTooltip(String(index + 1), { permanent: true, direction: "center", className: "map-label" })
        .bindPopup(
          "<strong>Hotspot " + (index + 1) + ": " + escapeHtml(kind) + "</strong><br>" + escapeHtml(h.location) +
          "<br>" + h.count + " crimes in " + h.window_days + " days"
        ));
      bounds.extend(latlng);
    });
    var when = new Intl.DateTimeFormat("en-GB", {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZone: data.time_zone || undefined,
    });
    (data.points || []).forEach(function (p) {
      var latlng = [p.latitude, p.longitude];
      layers.push(L.circleMarker(latlng, {
        radius: 6, color: "#fff", weight: 1.5, fillColor: CRIME, fillOpacity: 0.9, className: "crime-marker",
      })
        .bindPopup(
          "<strong>" + escapeHtml(data.categories[p.category] || p.category) + "</strong>" +
          (p.is_demo ? " (demo)" : "") + "<br>" +
          escapeHtml(when.format(new Date(p.occurred_at))) + "<br>" + escapeHtml(p.location)
        ));
      bounds.extend(latlng);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else {
      map.setView([54.0, -2.5], 5); // nothing to show: the whole of Great Britain
    }
    layers.forEach(function (layer) { layer.addTo(map); });
  }

  // Long category names go on two lines, so they fit beside the bars on a phone.
  function wrapLabel(text) {
    if (text.length <= 16) return text;
    var cut = text.lastIndexOf(" ", Math.ceil(text.length / 2) + 3);
    return cut > 0 ? [text.slice(0, cut), text.slice(cut + 1)] : text;
  }

  function drawCharts(data) {
    if (!data || typeof Chart === "undefined") return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#1b1d21";
    Chart.defaults.animation = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : Chart.defaults.animation;
    var dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
    var monthLabel = new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
    var common = { responsive: true, maintainAspectRatio: false, layout: { padding: { left: 4, right: 12 } } };

    var daily = document.getElementById("daily-chart");
    if (daily && data.daily) {
      var datasets = [{
        type: "bar", label: "Crimes that day", data: data.daily.map(function (d) { return d.count; }),
        backgroundColor: CRIME,
      }];
      if (data.baseline_mean != null) {
        datasets.push({
          type: "line", label: "Usual for 24 hours", data: data.daily.map(function () { return data.baseline_mean; }),
          borderColor: HOTSPOT, backgroundColor: HOTSPOT, borderWidth: 2, borderDash: [6, 4], pointRadius: 0,
        });
      }
      new Chart(daily, {
        data: { labels: data.daily.map(function (d) { return dayLabel.format(new Date(d.date)); }), datasets: datasets },
        options: Object.assign({}, common, {
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } },
          plugins: { legend: { position: "bottom" } },
        }),
      });
    }

    var monthly = document.getElementById("monthly-chart");
    if (monthly && data.monthly && data.monthly.length) {
      new Chart(monthly, {
        type: "line",
        data: {
          labels: data.monthly.map(function (m) { return monthLabel.format(new Date(m.month + "-01")); }),
          datasets: [{ label: "Crimes per month", data: data.monthly.map(function (m) { return m.total; }),
            borderColor: CRIME, backgroundColor: CRIME, borderWidth: 3, pointRadius: 4 }],
        },
        options: Object.assign({}, common, {
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } },
          plugins: { legend: { display: false } },
        }),
      });
    }

    var categories = document.getElementById("category-chart");
    if (categories && data.by_category && data.by_category.length) {
      // Room for every label (some take two lines): the chart grows with the categories.
      categories.parentNode.style.height = (data.by_category.length * 36 + 48) + "px";
      new Chart(categories, {
        type: "bar",
        data: {
          labels: data.by_category.map(function (c) { return wrapLabel(c.label); }),
          datasets: [{ label: "Crimes", data: data.by_category.map(function (c) { return c.count; }), backgroundColor: CRIME }],
        },
        options: Object.assign({}, common, {
          indexAxis: "y", // long category names read better down the side of a phone
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
          plugins: { legend: { display: false } },
        }),
      });
    }
  }

  function start() {
    drawMap(readJson("map-data"));
    drawCharts(readJson("chart-data"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
