// danvan-kg interactive graph: reads #graph-data, draws it with vis-network.
// Every text goes through textContent or vis-network's canvas labels, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  // The side bar (legend, count, details panel, words): graph-panel.js, shared with the WebGL page.
  var P = window.danvanPanel.panel(data, { shapes: true });
  var hiddenClasses = P.hidden;
  var byId = P.byId;
  var t = P.t, label = P.label, prop = P.prop, fold = P.fold, show = P.show;
  function clip(text) { return P.clip(text, 60); }

  var visNodes = data.nodes.map(function (n) {
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

  // ---------------------------------------------------------------- legend, class filter, details
  P.legend(function (cls, on) {
    nodes.update(data.nodes.filter(function (n) { return n.cls === cls; })
      .map(function (n) { return { id: n.id, hidden: !on }; }));
  });
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
    P.setEnglish(e.target.checked);  // the side bar, and the panel shown again
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: clip(label(n)) }; }));
    if (!big) {
      edges.update(data.edges.map(function (e, i) { return { id: "e" + i, label: prop(e.label) }; }));
    }
  });
  P.updateCount();
  if (data.focus && byId[data.focus]) { show(data.focus); }
})();
