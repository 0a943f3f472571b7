/* The query page with YASGUI (installed from npm by `make install`, served from /static/vendor/yasgui/):
   highlighting, completion of prefixes and terms from this dataset's vocabulary, result tables with paging
   and sorting, the query kept in the URL, and a syntax error marked at its line with the query kept.
   Without JavaScript, or without the vendor files, the page's own form and table work alone. */
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var configElement = document.getElementById("editor-config");
  if (!window.Yasgui || !form || !configElement) return;
  var config = JSON.parse(configElement.textContent);
  var Yasqe = window.Yasgui.Yasqe;

  var prefixLines = Object.keys(config.prefixes).map(function (name) {
    return name + ": <" + config.prefixes[name] + ">";
  });
  // Completion from this dataset only: never prefix.cc or LOV (no network beyond this server).
  Yasqe.forkAutocompleter("prefixes", { name: "ng-prefixes", bulk: true, persistenceId: null,
    get: function () { return prefixLines; } }, false);
  Yasqe.forkAutocompleter("property", { name: "ng-properties", bulk: true, persistenceId: null,
    get: function () { return config.terms; } }, false);
  Yasqe.forkAutocompleter("class", { name: "ng-classes", bulk: true, persistenceId: null,
    get: function () { return config.terms; } }, false);

  var textarea = document.getElementById("query");
  var host = document.createElement("div");
  host.id = "yasgui";
  form.parentNode.insertBefore(host, form);
  form.style.display = "none";
  var served = document.querySelector("section.results");
  if (served) served.style.display = "none";  // YASGUI shows the results itself, with paging and sorting

  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,  // the URL holds the query, not the browser's storage
    populateFromUrl: false,
    autoAddOnInit: true,
    endpointCatalogueOptions: { getData: function () { return []; } },
    yasqe: {
      value: textarea.value,
      autocompleters: ["ng-prefixes", "ng-properties", "ng-classes", "variables"],
      persistenceId: null,
      resizeable: true,
      editorHeight: "18rem",
    },
    yasr: { persistenceId: null },
  });
  var tab = yasgui.getTab();
  var yasqe = tab.getYasqe();
  // The endpoint declares these prefixes for every query, so the editor completes "schema:na" without them.
  // The endpoint declares these prefixes for every query: the editor completes "schema:na" without them,
  // and its own syntax check takes them as declared.
  var ownPrefixes = yasqe.getPrefixesFromQuery.bind(yasqe);
  yasqe.getPrefixesFromQuery = function () { return Object.assign({}, config.prefixes, ownPrefixes()); };
  var mode = yasqe.getMode();
  var startState = mode.startState;
  mode.startState = function () {
    var state = startState.apply(this, arguments);
    Object.assign(state.prefixes, config.prefixes);
    return state;
  };
  yasqe.setValue(textarea.value);
  window.newsgraphYasgui = yasgui;  // for the browser tests

  function markLine(line) {
    yasqe.getDoc().eachLine(function (handle) { yasqe.removeLineClass(handle, "background", "query-error-line"); });
    if (line) yasqe.addLineClass(line - 1, "background", "query-error-line");
  }

  // A syntax error the server found: the line is marked in the editor, the query stays as written.
  var served_error = document.getElementById("query-error");
  if (served_error && served_error.dataset.line) markLine(parseInt(served_error.dataset.line, 10));

  yasgui.on("query", function (_, queried) {
    var query = queried.getYasqe().getValue();
    history.replaceState(null, "", "/sparql?query=" + encodeURIComponent(query));  // shareable
    if (served_error) served_error.hidden = true;
    markLine(null);
  });
  yasqe.on("queryResponse", function (_, response) {
    var text = (response && (response.response && response.response.text || response.text)) || "";
    var place = /syntax error at line (\d+), column (\d+)/.exec(text);
    markLine(place ? parseInt(place[1], 10) : null);
  });

  if (config.run) yasqe.query();  // the URL named a query: show its results here
})();
