/**
 * The catalog's one script, small vanilla JavaScript (no framework, nothing fetched): search and
 * the domain filter on index.html, zoom, pan and the domain filter on lineage.html. Pages read the
 * same without it; it only adds. It builds every element with DOM calls and `textContent`, never
 * from markup, so text from the index cannot become markup either. It reports what it did in
 * `data-search` and `data-lineage` on <html>, for people and tests alike.
 */
export const CATALOG_JS = `"use strict";
(function () {
  var doc = document;
  var root = doc.documentElement;
  var params = new URLSearchParams(location.search);
  var lower = function (s) { return s.toLowerCase(); };

  var form = doc.getElementById("search-form");
  if (form) search(form);
  var graph = doc.getElementById("mesh-graph");
  if (graph) zoomable(graph);

  function search(form) {
    if (typeof MESH_SEARCH_INDEX === "undefined") {
      root.setAttribute("data-search", "failed");
      console.error("search: assets/search-index.js did not load");
      return;
    }
    var input = doc.getElementById("search-input");
    var domain = doc.getElementById("domain-filter");
    var results = doc.getElementById("search-results");
    var status = doc.getElementById("search-status");
    var sections = doc.querySelectorAll("section.domain");
    var entries = MESH_SEARCH_INDEX.map(function (e) {
      return { e: e, p: lower(e.p), i: lower(e.i), o: lower(e.o), f: e.f.map(lower), t: e.t.map(lower), s: lower(e.s) };
    });
    // The best reason one term matches an entry, scored so that names rank above fields above prose.
    function match(x, term) {
      if (x.p === term || x.i === term) return [100, "name"];
      if (x.p.indexOf(term) === 0) return [60, "name"];
      if (x.i.indexOf(term) >= 0) return [40, "name"];
      var exact = x.f.indexOf(term);
      if (exact >= 0) return [35, "field " + x.e.f[exact]];
      for (var j = 0; j < x.f.length; j++) if (x.f[j].indexOf(term) >= 0) return [20, "field " + x.e.f[j]];
      if (x.o.indexOf(term) >= 0) return [25, "owner " + x.e.o];
      if (x.t.indexOf(term) >= 0) return [15, "tag " + term];
      if (x.s.indexOf(term) >= 0) return [5, "description"];
      return null;
    }
    function run() {
      var terms = input.value.trim().split(/\\s+/).filter(Boolean).map(lower);
      var only = domain.value;
      sections.forEach(function (s) { s.hidden = only !== "" && s.getAttribute("data-domain") !== only; });
      results.textContent = "";
      var hits = [];
      if (terms.length > 0) {
        entries.forEach(function (x) {
          if (only !== "" && x.e.d !== only) return;
          var score = 0, why = [];
          for (var k = 0; k < terms.length; k++) {
            var m = match(x, terms[k]);
            if (!m) return;
            score += m[0];
            if (why.indexOf(m[1]) < 0) why.push(m[1]);
          }
          hits.push({ x: x, score: score, why: why });
        });
        hits.sort(function (a, b) { return b.score - a.score || (a.x.i < b.x.i ? -1 : 1); });
        hits.slice(0, 50).forEach(function (h) {
          var li = doc.createElement("li");
          var a = doc.createElement("a");
          a.href = h.x.e.u;
          a.textContent = h.x.e.d + "/" + h.x.e.p + " v" + h.x.e.v;
          var why = doc.createElement("span");
          why.className = "why";
          why.textContent = " — " + h.why.join(", ");
          var grain = doc.createElement("div");
          grain.className = "grain";
          grain.textContent = h.x.e.s;
          li.append(a, why, grain);
          results.append(li);
        });
      }
      status.textContent = terms.length === 0 ? "" : hits.length === 0 ? "No product matches."
        : hits.length + (hits.length === 1 ? " product matches" : " products match") + (hits.length > 50 ? "; the first 50:" : ":");
      root.setAttribute("data-search", "ready");
    }
    form.hidden = false;
    input.value = params.get("q") || "";
    domain.value = params.get("domain") || "";
    input.addEventListener("input", run);
    domain.addEventListener("change", run);
    // Enter opens the best match.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector("a");
      if (first) location.href = first.href;
    });
    run();
  }

  function zoomable(box) {
    var svg = box.querySelector("svg");
    var size = svg.viewBox.baseVal;
    var whole = { x: 0, y: 0, w: size.width, h: size.height };
    var view = { x: 0, y: 0, s: 1 };
    var scaleText = doc.getElementById("graph-scale");
    box.classList.add("interactive");
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "100%");
    svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, box.clientWidth / view.s, box.clientHeight / view.s].join(" "));
      if (scaleText) scaleText.textContent = Math.round(view.s * 100) + "%";
    }
    function zoomAt(px, py, factor) {
      var s = Math.min(4, Math.max(0.02, view.s * factor));
      view.x += px / view.s - px / s;
      view.y += py / view.s - py / s;
      view.s = s;
      apply();
    }
    // Fits a box of the graph into the view, never above \`most\` (text stays at a sane size).
    function fit(b, most) {
      var s = Math.min(most, (box.clientWidth - 16) / b.w, (box.clientHeight - 16) / b.h);
      view.s = s;
      view.x = b.x + b.w / 2 - box.clientWidth / s / 2;
      view.y = b.y + b.h / 2 - box.clientHeight / s / 2;
      apply();
    }
    box.addEventListener("wheel", function (event) {
      event.preventDefault();
      var r = box.getBoundingClientRect();
      zoomAt(event.clientX - r.left, event.clientY - r.top, Math.exp(-event.deltaY * 0.0015));
    }, { passive: false });
    var drag = null, moved = false;
    box.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY };
      moved = false;
    });
    box.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) box.setPointerCapture(event.pointerId);
      moved = true;
      view.x -= dx / view.s;
      view.y -= dy / view.s;
      drag = { x: event.clientX, y: event.clientY };
      apply();
    });
    box.addEventListener("pointerup", function () { drag = null; });
    // A drag that ends on a node is a pan, not a click on its link.
    box.addEventListener("click", function (event) { if (moved) { event.preventDefault(); moved = false; } }, true);
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node[data-id]"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll("g.edges path"));
    var where = function (g) {
      var m = /translate\\(([-0-9.]+) ([-0-9.]+)\\)/.exec(g.getAttribute("transform"));
      return { x: Number(m[1]), y: Number(m[2]) };
    };
    var node = svg.querySelector("g.node rect");
    var nodeSize = { w: Number(node.getAttribute("width")), h: Number(node.getAttribute("height")) };
    function filter(only) {
      var shown = {};
      edges.forEach(function (e) {
        var from = e.getAttribute("data-from"), to = e.getAttribute("data-to");
        var on = only === "" || domainOf[from] === only || domainOf[to] === only;
        e.classList.toggle("dim", !on);
        if (on) { shown[from] = true; shown[to] = true; }
      });
      var b = null;
      nodes.forEach(function (g) {
        var id = g.getAttribute("data-id");
        var on = only === "" || domainOf[id] === only || shown[id] === true;
        g.classList.toggle("dim", !on);
        // The view fits the domain's own products; their neighbours show, dimmed less, around them.
        if (only === "" || domainOf[id] !== only) return;
        var p = where(g);
        b = b ? { x0: Math.min(b.x0, p.x), y0: Math.min(b.y0, p.y), x1: Math.max(b.x1, p.x), y1: Math.max(b.y1, p.y) }
          : { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
      });
      if (b) fit({ x: b.x0, y: b.y0, w: b.x1 - b.x0 + nodeSize.w, h: b.y1 - b.y0 + nodeSize.h }, 1.25);
    }
    var domainOf = {};
    nodes.forEach(function (g) { domainOf[g.getAttribute("data-id")] = g.getAttribute("data-domain"); });
    var select = doc.getElementById("graph-domain");
    var buttons = {
      "zoom-in": function () { zoomAt(box.clientWidth / 2, box.clientHeight / 2, 1.4); },
      "zoom-out": function () { zoomAt(box.clientWidth / 2, box.clientHeight / 2, 1 / 1.4); },
      "zoom-fit": function () { fit(whole, 1.25); },
      "zoom-reset": function () { view = { x: 0, y: 0, s: 1 }; apply(); },
    };
    Object.keys(buttons).forEach(function (id) {
      var b = doc.getElementById(id);
      if (b) b.addEventListener("click", buttons[id]);
    });
    doc.getElementById("graph-controls").hidden = false;
    select.addEventListener("change", function () { filter(select.value); });
    select.value = params.get("domain") || "";
    // The whole mesh when it fits legibly; else its top left at full size (Fit shows it all).
    fit(whole, 1.25);
    if (view.s < 0.6) buttons["zoom-reset"]();
    if (select.value !== "") filter(select.value);
    root.setAttribute("data-lineage", "ready");
  }
})();
`;
