// Site-wide behaviour. No inline scripts anywhere: the CSP allows only files from this site.
"use strict";

(function () {
  // The main menu is folded under "Menu" on a phone; on a wider screen it stays open (and
  // the CSS hides its summary). Without JavaScript it is simply a menu to open.
  var menu = document.querySelector("details.site-menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() { menu.open = wide.matches; }
  fit();
  wide.addEventListener("change", fit);
})();

(function () {
  // A panel refreshed by htmx after the session has timed out gets the sign-in
  // page back (via redirect). Reload instead of pasting a login form into the panel.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && url.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  // Idle timeout. Every request renews the server session, so a self-refreshing
  // panel would keep an unattended phone signed in for ever. Background polls stop
  // once the person has been idle for the timeout, and the page then reloads, which
  // lands on the sign-in page and takes the briefing off the screen.
  var minutes = Number(document.body.getAttribute("data-idle-minutes"));
  if (!minutes) return;
  var idleMs = minutes * 60 * 1000;
  var lastActivity = Date.now();
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, function () { lastActivity = Date.now(); }, { passive: true, capture: true });
  });
  function idleFor() { return Date.now() - lastActivity; }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var trigger = event.detail.elt && event.detail.elt.getAttribute("hx-trigger");
    var polling = trigger && trigger.indexOf("every ") === 0;
    if (polling && idleFor() > idleMs - 60 * 1000) event.preventDefault();
  });
  window.setInterval(function () {
    if (idleFor() > idleMs + 5000) window.location.reload();
  }, 30 * 1000);
})();
