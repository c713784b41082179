// Search as you type: fills the search box's <datalist> from /api/search/suggest/.
// The form works without this script; with it, the browser offers matching titles
// (keyboard: arrow keys and Enter, as with any datalist).
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var lastQuery = "";

  function fill(suggestions) {
    list.replaceChildren.apply(list, suggestions.map(function (title) {
      var option = document.createElement("option");
      option.value = title;
      return option;
    }));
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    clearTimeout(timer);
    if (query.length < 2 || query === lastQuery) return;
    timer = setTimeout(function () {
      lastQuery = query;
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query) + "&locale=" + document.documentElement.lang;
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { fill(data.suggestions || []); })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
})();
