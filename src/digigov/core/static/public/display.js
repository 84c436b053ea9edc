/* The public pages' two small behaviours, the same on pages the application serves and on their static copies
   (which must not differ by visitor): the 适老化 large type, remembered in a cookie, and the sign-in state, asked
   of /api/v1/core/me. Loaded in <head> so that large type is applied before the first paint. */
(function () {
  "use strict";
  var COOKIE = "digigov_display";
  var root = document.documentElement;
  if (document.cookie.split("; ").indexOf(COOKIE + "=large") !== -1) root.classList.add("large");

  function setDisplay(mode) {
    document.cookie = COOKIE + "=" + mode + "; path=/; max-age=31536000; samesite=lax";
    root.classList.toggle("large", mode === "large");
  }

  function showSignedIn() {
    var slot = document.querySelector("[data-me]");
    if (!slot || !window.fetch) return;
    fetch("/api/v1/core/me", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (me) {
        if (!me) return;
        var link = slot.querySelector("a");
        link.textContent = me.name || me.username;
        link.href = slot.getAttribute("data-me");
        slot.classList.add("signed-in");
      })
      .catch(function () {});
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-display]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        setDisplay(link.getAttribute("data-display"));
        var other = document.querySelector("[data-display]:not([data-display='" + link.getAttribute("data-display") + "'])");
        if (other) other.focus();
      });
    });
    showSignedIn();
  });
})();
