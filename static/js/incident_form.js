// Logging an incident: the ASB questions only for ASB categories, and the map picker
// (map_picker.js) to mark the place, which fills the latitude/longitude fields.
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

  window.PcsoMapPicker.attach({
    el: document.getElementById("incident-map"),
    data: data,
    latInput: latInput,
    lonInput: lonInput,
    statusText: statusText,
    locateButton: document.getElementById("use-my-location"),
    clearButton: document.getElementById("clear-point"),
  });
})();
