// Engagement pages: the supervisors' activity chart (Chart.js) and the print button of
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

  document.addEventListener("DOMContentLoaded", function () {
    drawActivity();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
