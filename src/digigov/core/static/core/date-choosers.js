// Starts Wagtail's date, time and date-time pickers from the markers core/templates/wagtailadmin/widgets/*_input.html
// leave, in place of Wagtail's inline <script> that the Content-Security-Policy refuses: for the markers on the page
// and for those of dialogs and panels added to it later.
(function () {
  "use strict";
  var STARTERS = { date: "initDateChooser", time: "initTimeChooser", datetime: "initDateTimeChooser" };

  function start(marker) {
    var starter = window[STARTERS[marker.dataset.digigovChooser]];
    if (marker.dataset.digigovStarted || typeof starter !== "function") return;
    marker.dataset.digigovStarted = "true";
    starter(marker.dataset.digigovFor, JSON.parse(marker.dataset.digigovConfig));
  }

  function startWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches("[data-digigov-chooser]")) start(node);
    node.querySelectorAll("[data-digigov-chooser]").forEach(start);
  }

  function ready() {
    startWithin(document.body);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(startWithin);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
