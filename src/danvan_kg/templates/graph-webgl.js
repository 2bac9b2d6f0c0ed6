// danvan-kg interactive graph for large selections: reads #graph-data, draws it with
// sigma.js (WebGL) on a graphology graph. Positions come from Python (Graphviz sfdp with
// overlap removal); without them ForceAtlas2 runs in a web worker, so the page never
// blocks. Labels: only where sigma's label grid keeps one per cell (the biggest nodes, the
// hubs) and only if its box does not overlap a label already drawn; zooming in shows more.
// Every text goes through textContent or the canvas, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var api = { data: data, ready: false, stable: false, labels: [], firstPicture: null, stableAt: null };
  window.danvanGraph = api;
  // The side bar (legend, count, details panel, words): graph-panel.js, shared with the
  // vis-network page; here the links in the panel are counted and lead to their node.
  var P = window.danvanPanel.panel(data, {
    countLinks: true,
    onLink: function (id) { goTo(id); },
    words: {
      vi: { allOn: "Hiện tất cả", allOff: "Ẩn tất cả", layout: "đang bố trí…", stop: "Dừng bố trí",
            hint: "Nhãn chỉ hiện ở các nút lớn; phóng to để thấy thêm. Bấm một nút để giữ chi tiết.",
            nowebgl: "Trình duyệt này không vẽ được WebGL, nên không hiện được đồ thị." },
      en: { allOn: "Show all", allOff: "Hide all", layout: "laying out…", stop: "Stop layout",
            hint: "Labels only on the larger nodes; zoom in to see more. Click a node to keep its details.",
            nowebgl: "This browser cannot draw WebGL, so the graph cannot be shown." }
    }
  });
  var hiddenClasses = P.hidden;
  var byId = P.byId;
  var t = P.t, fold = P.fold, show = P.show, updateCount = P.updateCount;
  function clip(text) { return P.clip(text, 40); }

  // ---------------------------------------------------------------- the graph
  var Graph = graphology.Graph || graphology;
  var graph = new Graph({ type: "directed", multi: true, allowSelfLoops: true });
  // Without positions from Python: a seeded disc, which ForceAtlas2 then spreads.
  var seed = 7;
  function random() { seed = (seed * 16807) % 2147483647; return (seed - 1) / 2147483646; }
  var radius = Math.sqrt(data.nodes.length) * 10;
  data.nodes.forEach(function (n) {
    n.vi = n.vi || n.id; n.en = n.en || n.vi;
    n.shortVi = clip(n.vi); n.shortEn = clip(n.en);
    n.folded = fold(n.vi) + "\n" + fold(n.en);
    var x = n.x, y = n.y;
    if (x === undefined) {
      var r = radius * Math.sqrt(random()), a = 2 * Math.PI * random();
      x = r * Math.cos(a); y = r * Math.sin(a);
    }
    graph.addNode(n.id, { x: x, y: y, size: 3, color: data.classes[n.cls].color });
  });
  data.edges.forEach(function (e, i) {
    if (byId[e.from] && byId[e.to]) {
      graph.addEdgeWithKey("e" + i, e.from, e.to, { size: 0.5, color: "#c8c8c8" });
    }
  });
  // Hubs are bigger, so they are the ones that get a label at the first zoom.
  // A leaf's radius is about a quarter of the mean distance between nodes once the whole
  // graph fits the screen (1,000 nodes: 4 px, 20,000: 1.7 px), so nodes do not cover
  // each other at the first zoom; hubs grow with the square root of their degree.
  var box = document.getElementById("graph");
  var spacing = Math.sqrt(box.clientWidth * box.clientHeight / Math.max(1, graph.order));
  var base = Math.max(1, Math.min(4, spacing / 4));
  var sizes = [];
  graph.forEachNode(function (id) {
    var size = Math.min(6 * base, base * (0.6 + 0.4 * Math.sqrt(graph.degree(id))));
    graph.setNodeAttribute(id, "size", size);
    sizes.push(size);
  });
  // Labels at the first zoom for about the 60 biggest nodes (fewer where they would
  // overlap); as one zooms in, every node grows past this and gets its label.
  sizes.sort(function (a, b) { return b - a; });
  var labelThreshold = Math.max(2, Math.min(8, sizes[Math.min(60, sizes.length - 1)] || 3));

  // ---------------------------------------------------------------- what is highlighted
  var focus = null;       // the hovered (or clicked) node
  var pinned = null;      // the clicked node, kept when the mouse leaves
  var near = null;        // focus and its neighbours
  var matches = null;     // search results
  var current = null;     // the node the camera went to (search, links in the panel)
  function setFocus(id) {
    focus = id;
    near = null;
    if (id !== null) {
      near = new Set(graph.neighbors(id));
      near.add(id);
    }
  }
  function nodeReducer(id, attrs) {
    var n = byId[id];
    var res = Object.assign({}, attrs);
    res.label = P.english ? n.shortEn : n.shortVi;
    if (hiddenClasses[n.cls]) { res.hidden = true; return res; }
    var dim = (near && !near.has(id)) || (matches && !matches.has(id));
    if (dim) { res.color = "#ececec"; res.label = ""; res.zIndex = 0; return res; }
    if (id === focus || id === current) { res.highlighted = true; res.forceLabel = true; }
    if (near || matches) { res.zIndex = 1; }
    return res;
  }
  function edgeReducer(id, attrs) {
    var ends = graph.extremities(id);
    if (hiddenClasses[byId[ends[0]].cls] || hiddenClasses[byId[ends[1]].cls]) {
      return { hidden: true };
    }
    if (near) {
      var touches = ends[0] === focus || ends[1] === focus;
      return touches ? Object.assign({}, attrs, { color: "#555555", size: 1.2, zIndex: 1 })
                     : { hidden: true };
    }
    if (matches) { return Object.assign({}, attrs, { color: "#eeeeee" }); }
    return attrs;
  }

  // Labels: sigma's grid chooses the candidates; this keeps only boxes that do not
  // overlap one drawn before in the same frame (and records them: window.danvanGraph.labels).
  var boxes = [];
  function drawLabel(context, d, settings) {
    if (!d.label) { return; }
    var size = settings.labelSize;
    context.font = settings.labelWeight + " " + size + "px " + settings.labelFont;
    var box = { x: d.x + d.size + 3, y: d.y - size * 0.8, w: context.measureText(d.label).width, h: size * 1.2, text: d.label };
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h) { return; }
    }
    boxes.push(box);
    context.lineWidth = 3;
    context.lineJoin = "round";
    context.strokeStyle = "rgba(255,255,255,0.9)";
    context.strokeText(d.label, box.x, d.y + size / 3);
    context.fillStyle = "#222222";
    context.fillText(d.label, box.x, d.y + size / 3);
  }

  var container = document.getElementById("graph");
  var renderer;
  try {
    renderer = new Sigma(graph, container, {
      nodeReducer: nodeReducer,
      edgeReducer: edgeReducer,
      defaultDrawNodeLabel: drawLabel,
      labelFont: "DejaVu Sans, Arial, sans-serif",
      labelSize: 12,
      labelDensity: 0.8,
      labelGridCellSize: 140,
      labelRenderedSizeThreshold: labelThreshold,
      // Measured in headless Chromium without a GPU (bench/bench_render.py): edges and
      // labels hidden while the camera moves, and nodes drawn as GL points rather than
      // triangles, took zooming from 9 / 6 / 2 to 35 / 26 / 19 frames per second at
      // 1,000 / 5,000 / 20,000 nodes.
      hideEdgesOnMove: true,
      hideLabelsOnMove: true,
      nodeProgramClasses: { circle: Sigma.rendering.NodePointProgram },
      zIndex: true,
      minCameraRatio: 0.01,
      maxCameraRatio: 3,
      stagePadding: 20
    });
  } catch (error) {
    document.getElementById("notice").textContent = t("nowebgl") + " (" + error + ")";
    return;
  }
  api.labels = boxes;  // the constructor has drawn the first frame already
  renderer.on("beforeRender", function () { boxes = []; api.labels = boxes; });
  api.renderer = renderer;
  api.graph = graph;

  // The camera's own moves (to a node, back to the whole graph): animated, or at once for
  // a reader whose system asks for less motion (prefers-reduced-motion).
  var lessMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  // A move's last frame is drawn as a move (edges and labels hidden): drawn once more
  // when it ends, or the layout stopped by the button was left without them.
  function moveCamera(state, duration) {
    var camera = renderer.getCamera();
    if (lessMotion && lessMotion.matches) { camera.setState(state); }
    else {
      camera.animate(state, { duration: duration }).then(function () {
        renderer.refresh({ skipIndexation: true });
      });
    }
  }

  function markStable() {
    api.stable = true;
    api.stableAt = performance.now();
    document.getElementById("status").textContent = "";
  }
  requestAnimationFrame(function () {
    api.ready = true;
    api.firstPicture = performance.now();
    if (data.positioned) { markStable(); }
  });

  // No positions from Python (Graphviz missing): ForceAtlas2 in a web worker, for a time
  // that grows with the graph, then noverlap-free stop; the page stays responsive meanwhile.
  // "Stop layout" ends it sooner: the first seconds already show a large graph's shape, and
  // until the end the worker keeps a core busy and the picture keeps moving (up to 30 s).
  if (!data.positioned) {
    var library = window.graphologyLibrary;
    if (library && library.FA2Layout) {
      var settings = library.layoutForceAtlas2.inferSettings(graph);
      settings.barnesHutOptimize = graph.order > 1000;
      var layout = new library.FA2Layout(graph, { settings: settings });
      var stopButton = document.getElementById("stop-layout");
      var laidOut = false;
      var stopLayout = function () {
        if (laidOut) { return; }
        laidOut = true;
        clearTimeout(timer);
        layout.stop();
        layout.kill();
        stopButton.hidden = true;
        moveCamera({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, 300);  // the whole graph
        markStable();
      };
      document.getElementById("status").textContent = t("layout");
      stopButton.textContent = t("stop");
      stopButton.hidden = false;
      stopButton.addEventListener("click", stopLayout);
      layout.start();
      var timer = setTimeout(stopLayout, Math.min(30000, 3000 + graph.order));
    } else {
      requestAnimationFrame(markStable);
    }
  }

  // ---------------------------------------------------------------- legend and class filter
  P.legend(function () { renderer.refresh(); });
  function setAll(on) {
    Array.prototype.forEach.call(document.querySelectorAll(".class-filter"), function (box) {
      box.checked = on;
      hiddenClasses[box.dataset.cls] = !on;
    });
    renderer.refresh();
    updateCount();
  }
  document.getElementById("all-on").addEventListener("click", function () { setAll(true); });
  document.getElementById("all-off").addEventListener("click", function () { setAll(false); });

  // ---------------------------------------------------------------- details on hover / click
  // Camera on a node, zoomed in far enough that its neighbourhood is labelled.
  function goTo(id, keepMatches) {
    if (!byId[id]) { return; }
    pinned = keepMatches ? null : id;
    if (!keepMatches) { matches = null; }
    current = id;
    setFocus(keepMatches ? null : id);
    show(id);
    var p = renderer.getNodeDisplayData(id);
    renderer.refresh({ skipIndexation: true });
    if (p) { moveCamera({ x: p.x, y: p.y, ratio: 0.15 }, 400); }
  }
  api.goTo = goTo;
  renderer.on("enterNode", function (event) {
    setFocus(event.node);
    show(event.node);
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("leaveNode", function () {
    setFocus(pinned);
    if (pinned !== null) { show(pinned); }
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("clickNode", function (event) {
    pinned = event.node;
    setFocus(event.node);
    show(event.node);
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("clickStage", function () {
    pinned = null;
    current = null;
    setFocus(null);
    renderer.refresh({ skipIndexation: true });
  });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  function runSearch() {
    var query = fold(search.value.trim());
    if (!query) {
      found.textContent = ""; matches = null;
      renderer.refresh({ skipIndexation: true });
      return;
    }
    var hits = data.nodes.filter(function (n) {
      return !hiddenClasses[n.cls] && n.folded.indexOf(query) >= 0;
    });
    if (!hits.length) {
      found.textContent = t("none"); matches = null;
      renderer.refresh({ skipIndexation: true });
      return;
    }
    found.textContent = hits.length + " " + t("found");
    // Whole-name matches first, then names that start with the query, then the hubs.
    function rank(n) {
      var names = n.folded.split("\n");
      var whole = names.indexOf(query) >= 0, start = names[0].indexOf(query) === 0 || names[1].indexOf(query) === 0;
      return (whole ? 0 : start ? 1 : 2) * 1e6 - graph.degree(n.id);
    }
    hits.sort(function (a, b) { return rank(a) - rank(b); });
    matches = new Set(hits.map(function (n) { return n.id; }));
    api.matches = hits.map(function (n) { return n.id; });
    goTo(hits[0].id, true);
  }
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { runSearch(); } });
  search.addEventListener("search", runSearch);
  api.search = function (text) { search.value = text; runSearch(); };

  // ---------------------------------------------------------------- language switch
  document.getElementById("english").addEventListener("change", function (e) {
    P.setEnglish(e.target.checked);  // the side bar, and the panel shown again
    document.getElementById("all-on").textContent = t("allOn");
    document.getElementById("all-off").textContent = t("allOff");
    document.getElementById("hint").textContent = t("hint");
    document.getElementById("stop-layout").textContent = t("stop");
    if (!api.stable && document.getElementById("status").textContent) {
      document.getElementById("status").textContent = t("layout");
    }
    renderer.refresh({ skipIndexation: true });
  });
  document.getElementById("hint").textContent = t("hint");
  updateCount();
  if (data.focus && byId[data.focus]) { show(data.focus); }
})();
