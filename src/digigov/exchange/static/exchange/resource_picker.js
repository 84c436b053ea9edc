// The resource picker of the exchange's forms: typing in the search box narrows the list at once (by name,
// code or provider). Without JavaScript the same box reloads the page filtered on the server (?q=).
(function () {
  "use strict";
  function setUp(input) {
    var select = document.querySelector("[data-resource-select]");
    var count = document.querySelector("[data-resource-count]");
    if (!select) return;
    function filter() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var firstShown = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var text = option.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        option.disabled = !match;
        if (match) {
          shown += 1;
          if (!firstShown) firstShown = option;
        }
      });
      if (select.selectedOptions.length === 0 || select.selectedOptions[0].hidden) {
        if (firstShown) firstShown.selected = true;
      }
      if (count) count.textContent = count.textContent.replace(/\d+/, String(shown));
    }
    input.addEventListener("input", filter);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-resource-search-input]");
    if (input) setUp(input);
  });
})();
