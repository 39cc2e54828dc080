// Site-wide behaviour. No inline scripts anywhere: the CSP allows only files from this site.
"use strict";

// A panel refreshed by htmx after the session has timed out gets the sign-in
// page back (via redirect). Reload instead of pasting a login form into the panel.
document.addEventListener("htmx:beforeSwap", function (event) {
  var url = event.detail.xhr && event.detail.xhr.responseURL;
  if (url && url.indexOf("/accounts/login/") !== -1) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
