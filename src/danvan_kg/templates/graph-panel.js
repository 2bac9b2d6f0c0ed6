// danvan-kg graph pages: what the vis-network page (graph.js) and the sigma.js page
// (graph-webgl.js) share, inlined before either: the words of both languages, name
// folding for search, the class legend with its filter boxes, the node count, the details
// panel (facts, links out and in) and the language switch of the side bar. Each page
// draws its own graph and passes its differences as options.
// Every text goes through textContent, never innerHTML.
(function () {
  "use strict";
  var words = {
    vi: { legend: "Chú giải", search: "Tìm theo tên…", nodes: "nút", edges: "cạnh", found: "kết quả",
          none: "không thấy", out: "Liên kết ra", in: "Liên kết vào", source: "nguồn" },
    en: { legend: "Legend", search: "Search by name…", nodes: "nodes", edges: "edges", found: "found",
          none: "not found", out: "Links out", in: "Links in", source: "source" }
  };

  // Lower case without diacritics (đ as d), so "dan van" finds "Dân vận".
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function clip(text, most) { return text.length > most ? text.slice(0, most - 1) + "…" : text; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  // The side bar of one page over its #graph-data. options:
  //   words: {vi: {...}, en: {...}}, the page's own words on top of the shared ones;
  //   onLink(id): links in the details panel are clickable and go there (else plain text);
  //   countLinks: the "Links out" / "Links in" headings say how many;
  //   shapes: the legend swatches take the class's shape (vis-network draws shapes).
  function panel(data, options) {
    options = options || {};
    var own = options.words || {};
    var p = { data: data, english: false, hidden: {}, byId: {}, shownId: null, fold: fold, clip: clip, el: el };
    p.words = { vi: Object.assign({}, words.vi, own.vi), en: Object.assign({}, words.en, own.en) };
    data.nodes.forEach(function (n) { p.byId[n.id] = n; });
    var details = document.getElementById("details");

    p.t = function (key) { return p.words[p.english ? "en" : "vi"][key]; };
    p.label = function (n) { return p.english ? n.en : n.vi; };
    // A property by its label in the ontology, in the language shown (its name if none).
    p.prop = function (name) {
      var q = (data.properties || {})[name];
      return q ? (p.english ? q[1] : q[0]) : name;
    };

    p.updateCount = function () {
      var shown = data.nodes.filter(function (n) { return !p.hidden[n.cls]; }).length;
      document.getElementById("count").textContent =
        shown + " " + p.t("nodes") + ", " + data.edges.length + " " + p.t("edges");
    };

    // One row per class: a filter box, a swatch, the name, the count. onChange(cls, on)
    // hides or shows the class's nodes in the page's graph; the count follows.
    p.legend = function (onChange) {
      var legend = document.getElementById("legend");
      var counts = {};
      data.nodes.forEach(function (n) { counts[n.cls] = (counts[n.cls] || 0) + 1; });
      Object.keys(data.classes).forEach(function (cls) {
        var style = data.classes[cls];
        var row = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox"; box.checked = true; box.dataset.cls = cls; box.className = "class-filter";
        box.addEventListener("change", function () {
          p.hidden[cls] = !box.checked;
          onChange(cls, box.checked);
          p.updateCount();
        });
        var swatch = el("span", undefined, options.shapes ? "swatch " + style.shape : "swatch");
        swatch.style.background = style.color;
        var text = el("span", style.vi, "class-name");
        text.dataset.vi = style.vi; text.dataset.en = style.en;
        var count = el("span", "(" + (counts[cls] || 0) + ")");
        count.style.color = "#777";
        row.appendChild(box); row.appendChild(swatch); row.appendChild(text); row.appendChild(count);
        legend.appendChild(row);
      });
    };

    p.show = function (id) {
      var n = p.byId[id];
      if (!n) { return; }
      p.shownId = id;
      details.replaceChildren();
      var style = data.classes[n.cls];
      details.appendChild(el("h2", p.label(n)));
      details.appendChild(el("div", p.english ? style.en : style.vi, "cls"));
      details.appendChild(el("div", n.id, "iri"));
      var dl = el("dl");
      n.facts.forEach(function (f) {
        dl.appendChild(el("dt", p.prop(f[0])));
        var code = (data.codes || {})[f[1]];
        var dd = el("dd", code ? (p.english ? code[1] : code[0]) : f[1]);
        dd.appendChild(el("div", p.t("source") + ": " + f[2], "src"));
        dl.appendChild(dd);
      });
      details.appendChild(dl);
      [["out", "from", "to"], ["in", "to", "from"]].forEach(function (way) {
        var links = data.edges.filter(function (e) { return e[way[1]] === id; });
        if (!links.length) { return; }
        details.appendChild(el("h3", p.t(way[0]) + (options.countLinks ? " (" + links.length + ")" : "")));
        var list = el("dl");
        links.slice(0, 200).forEach(function (e) {
          var target = e[way[2]];
          var other = p.byId[target];
          var name = other ? p.label(other) : target;
          list.appendChild(el("dt", p.prop(e.label)));
          var dd;
          if (options.onLink) {
            dd = el("dd");
            var link = el("a", name);
            link.addEventListener("click", function () { options.onLink(target); });
            dd.appendChild(link);
          } else {
            dd = el("dd", name);
          }
          dd.appendChild(el("div", p.t("source") + ": " + e.src, "src"));
          list.appendChild(dd);
        });
        details.appendChild(list);
      });
    };

    // The side bar in the other language; whatever node the panel shows is shown again.
    // The page relabels its graph (and its own controls) itself.
    p.setEnglish = function (on) {
      p.english = on;
      Array.prototype.forEach.call(document.querySelectorAll(".class-name"), function (s) {
        s.textContent = on ? s.dataset.en : s.dataset.vi;
      });
      document.getElementById("legend-title").textContent = p.t("legend");
      document.getElementById("search").placeholder = p.t("search");
      document.documentElement.lang = on ? "en" : "vi";
      p.updateCount();
      if (p.shownId !== null) { p.show(p.shownId); }
    };
    return p;
  }

  window.danvanPanel = { words: words, fold: fold, clip: clip, el: el, panel: panel };
})();
