// Progress page of a background job (core/background_views.py): poll its JSON, move the bar, reload when finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box || box.dataset.finished === "true") return;
  var fill = box.querySelector("[data-job-fill]");
  var bar = box.querySelector("[data-job-bar]");
  var count = box.querySelector("[data-job-count]");
  var status = box.querySelector("[data-job-status]");
  var stage = box.querySelector("[data-job-stage]");

  function show(state) {
    fill.style.width = state.percent + "%";
    bar.setAttribute("aria-valuenow", state.percent);
    count.textContent = state.total ? state.done + " / " + state.total + " (" + state.percent + "%)" : state.percent + "%";
    status.textContent = state.status_label;
    if (stage) stage.textContent = state.stage && !state.finished ? state.stage + "：" : "";
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return setTimeout(poll, 5000);
        show(state);
        if (state.finished) window.location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
