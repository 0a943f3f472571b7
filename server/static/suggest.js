/* Suggestions for a field that takes a name (input[data-suggest=KIND] with a <datalist>): the names of
   that kind the site's search finds for what has been typed, from /search.json. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var pending = null;
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      if (pending) pending.abort();
      if (typed.length < 2) return;
      pending = new AbortController();
      var url = "/search.json?kind=" + encodeURIComponent(input.dataset.suggest) + "&q=" + encodeURIComponent(typed);
      fetch(url, { signal: pending.signal }).then(function (r) { return r.json(); }).then(function (table) {
        list.replaceChildren.apply(list, table.rows.slice(0, 10).map(function (row) {
          var option = document.createElement("option");
          option.value = row.name;
          return option;
        }));
      }).catch(function () {});
    });
  });
})();
