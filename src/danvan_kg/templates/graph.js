// danvan-kg interactive graph: reads #graph-data, draws it with vis-network.
// Every text goes through textContent or vis-network's canvas labels, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var english = false;
  var hiddenClasses = {};
  var byId = {};
  var words = {
    vi: { legend: "Chú giải", search: "Tìm theo tên…", nodes: "nút", edges: "cạnh", found: "kết quả",
          none: "không thấy", out: "Liên kết ra", in: "Liên kết vào", source: "nguồn" },
    en: { legend: "Legend", search: "Search by name…", nodes: "nodes", edges: "edges", found: "found",
          none: "not found", out: "Links out", in: "Links in", source: "source" }
  };
  function t(key) { return words[english ? "en" : "vi"][key]; }
  function label(n) { return english ? n.en : n.vi; }
  var shownId = null;  // the node the details panel shows
  // A property by its label in the ontology, in the language shown (its name if none).
  function prop(name) {
    var p = (data.properties || {})[name];
    return p ? (english ? p[1] : p[0]) : name;
  }
  function clip(text) { return text.length > 60 ? text.slice(0, 59) + "…" : text; }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  var visNodes = data.nodes.map(function (n) {
    byId[n.id] = n;
    var style = data.classes[n.cls];
    var item = { id: n.id, label: clip(n.vi), shape: style.shape, size: 10,
                 color: { background: style.color, border: "#333333" }, font: { size: 12 } };
    if (data.hierarchical) { item.level = n.level; }
    if (data.positioned && n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  });
  var big = data.nodes.length > 1500;
  var visEdges = data.edges.map(function (e, i) {
    return { id: "e" + i, from: e.from, to: e.to, label: big ? undefined : prop(e.label), arrows: "to",
             font: { size: 9, color: "#666666", strokeWidth: 2 }, color: { color: "#999999" } };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    edges: { smooth: data.hierarchical ? { type: "cubicBezier", forceDirection: "vertical" } : false },
    nodes: { font: { face: "DejaVu Sans, Arial, sans-serif" } },
    layout: { improvedLayout: visNodes.length <= 150, randomSeed: 7 }
  };
  if (data.positioned) {
    options.physics = false;
  } else if (data.hierarchical) {
    options.layout.hierarchical = { direction: "UD", sortMethod: "directed", levelSeparation: 110,
                                    nodeSpacing: 160, shakeTowards: "roots" };
    options.physics = false;
  } else {
    options.physics = { solver: "barnesHut", barnesHut: { gravitationalConstant: -3000, springLength: 90 },
                        stabilization: { enabled: true, iterations: big ? 120 : 300, updateInterval: 1000 } };
  }
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.danvanGraph = { network: network, nodes: nodes, edges: edges, data: data, ready: false };

  function finish() {
    if (!data.hierarchical && !data.positioned) { network.setOptions({ physics: false }); }
    network.fit();
    window.danvanGraph.ready = true;
  }
  if (data.hierarchical || data.positioned) { network.once("afterDrawing", finish); }
  else { network.once("stabilizationIterationsDone", finish); }

  // ---------------------------------------------------------------- legend and class filter
  var legend = document.getElementById("legend");
  Object.keys(data.classes).forEach(function (cls) {
    var style = data.classes[cls];
    var row = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.dataset.cls = cls; box.className = "class-filter";
    box.addEventListener("change", function () {
      hiddenClasses[cls] = !box.checked;
      nodes.update(data.nodes.filter(function (n) { return n.cls === cls; })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; }));
      updateCount();
    });
    var swatch = document.createElement("span");
    swatch.className = "swatch " + style.shape; swatch.style.background = style.color;
    var text = document.createElement("span");
    text.className = "class-name"; text.dataset.vi = style.vi; text.dataset.en = style.en; text.textContent = style.vi;
    var count = document.createElement("span");
    count.style.color = "#777";
    count.textContent = "(" + data.nodes.filter(function (n) { return n.cls === cls; }).length + ")";
    row.appendChild(box); row.appendChild(swatch); row.appendChild(text); row.appendChild(count);
    legend.appendChild(row);
  });

  function updateCount() {
    var shown = data.nodes.filter(function (n) { return !hiddenClasses[n.cls]; }).length;
    document.getElementById("count").textContent = shown + " " + t("nodes") + ", " + data.edges.length + " " + t("edges");
  }

  // ---------------------------------------------------------------- details on hover / click
  var details = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function show(id) {
    var n = byId[id];
    if (!n) { return; }
    shownId = id;
    details.replaceChildren();
    var style = data.classes[n.cls];
    details.appendChild(el("h2", label(n)));
    details.appendChild(el("div", english ? style.en : style.vi, "cls"));
    details.appendChild(el("div", n.id, "iri"));
    var dl = el("dl");
    n.facts.forEach(function (f) {
      dl.appendChild(el("dt", prop(f[0])));
      var code = (data.codes || {})[f[1]];
      var dd = el("dd", code ? (english ? code[1] : code[0]) : f[1]);
      dd.appendChild(el("div", t("source") + ": " + f[2], "src"));
      dl.appendChild(dd);
    });
    details.appendChild(dl);
    [["out", "from", "to"], ["in", "to", "from"]].forEach(function (way) {
      var links = data.edges.filter(function (e) { return e[way[1]] === id; });
      if (!links.length) { return; }
      details.appendChild(el("h3", t(way[0])));
      var list = el("dl");
      links.slice(0, 200).forEach(function (e) {
        var other = byId[e[way[2]]];
        list.appendChild(el("dt", prop(e.label)));
        var dd = el("dd", other ? label(other) : e[way[2]]);
        dd.appendChild(el("div", t("source") + ": " + e.src, "src"));
        list.appendChild(dd);
      });
      details.appendChild(list);
    });
  }
  network.on("hoverNode", function (params) { show(params.node); });
  network.on("click", function (params) { if (params.nodes.length) { show(params.nodes[0]); } });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  function runSearch() {
    var query = fold(search.value.trim());
    if (!query) { found.textContent = ""; network.unselectAll(); return; }
    var matches = data.nodes.filter(function (n) {
      return !hiddenClasses[n.cls] && (fold(n.vi).indexOf(query) >= 0 || fold(n.en).indexOf(query) >= 0);
    });
    if (!matches.length) { found.textContent = t("none"); network.unselectAll(); return; }
    found.textContent = matches.length + " " + t("found");
    var ids = matches.map(function (n) { return n.id; });
    network.selectNodes(ids.slice(0, 500));
    network.focus(ids[0], { scale: 1.2, animation: false });
    show(ids[0]);
  }
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { runSearch(); } });
  search.addEventListener("search", runSearch);

  // ---------------------------------------------------------------- language switch
  document.getElementById("english").addEventListener("change", function (e) {
    english = e.target.checked;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: clip(label(n)) }; }));
    if (!big) {
      edges.update(data.edges.map(function (e, i) { return { id: "e" + i, label: prop(e.label) }; }));
    }
    Array.prototype.forEach.call(document.querySelectorAll(".class-name"), function (s) {
      s.textContent = english ? s.dataset.en : s.dataset.vi;
    });
    document.getElementById("legend-title").textContent = t("legend");
    search.placeholder = t("search");
    document.documentElement.lang = english ? "en" : "vi";
    updateCount();
    // The panel too: whatever node it shows is shown again in the new language.
    if (shownId !== null) { show(shownId); }
  });
  updateCount();
  if (data.focus && byId[data.focus]) { show(data.focus); }
})();
