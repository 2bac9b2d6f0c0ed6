// The query editor: YASQE when its scripts were fetched (scripts/web-assets.sh), else the
// plain text area. Results come from /sparql as SPARQL JSON and are written as text
// (textContent), never as HTML.
(function () {
  "use strict";
  var area = document.getElementById("query");
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  var editor = null;
  if (window.Yasqe) {
    editor = window.Yasqe.fromTextArea(area, { requestConfig: { endpoint: "/sparql" }, persistenceId: null });
  }
  function text() { return editor ? editor.getValue() : area.value; }
  function set(value) { if (editor) { editor.setValue(value); } else { area.value = value; } }
  document.getElementById("examples").addEventListener("change", function (event) {
    set(examples[Number(event.target.value)].text);
  });
  function cell(term) {
    if (!term) { return ""; }
    return term.value;
  }
  document.getElementById("sparql-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var status = document.getElementById("status");
    var table = document.getElementById("results");
    table.textContent = "";
    status.textContent = "…";
    var body = new URLSearchParams();
    body.set("query", text());
    fetch("/sparql", { method: "POST", body: body, headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" } })
      .then(function (response) {
        var cap = response.headers.get("X-Danvan-Result-Cap");
        var cut = response.headers.get("X-Danvan-Truncated") === "true";
        return response.text().then(function (raw) {
          if (!response.ok) { status.textContent = response.status + ": " + raw; return; }
          var data;
          try { data = JSON.parse(raw); } catch (e) { status.textContent = raw; return; }
          if (data.boolean !== undefined) { status.textContent = String(data.boolean); return; }
          var vars = data.head.vars, rows = data.results.bindings;
          status.textContent = rows.length + " rows" + (cut ? " (cut at " + cap + ")" : "");
          var head = table.createTHead().insertRow();
          vars.forEach(function (name) { var th = document.createElement("th"); th.textContent = name; head.appendChild(th); });
          var tbody = table.createTBody();
          rows.forEach(function (row) {
            var tr = tbody.insertRow();
            vars.forEach(function (name) { tr.insertCell().textContent = cell(row[name]); });
          });
        });
      })
      .catch(function (problem) { status.textContent = String(problem); });
  });
})();
