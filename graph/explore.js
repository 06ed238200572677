// The policykg explorer: search, filters, a force-directed canvas view and detail panels over
// the graph embedded in the page (no network: everything it needs is in this file).
"use strict";
(() => {
  const DATA = JSON.parse(document.getElementById("policykg-data").textContent);
  const nodes = DATA.nodes;
  const edges = DATA.edges;
  const N = nodes.length;
  const classes = new Map(DATA.classes.map((c) => [c.label, c]));
  const relations = new Map(DATA.relations.map((r) => [r.type, r]));
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- graph indexes
  const outgoing = Array.from({ length: N }, () => []);
  const incoming = Array.from({ length: N }, () => []);
  edges.forEach((e, k) => {
    outgoing[e.s].push(k);
    incoming[e.t].push(k);
  });
  const degree = nodes.map((_, i) => outgoing[i].length + incoming[i].length);
  const radius = (i) => 3 + Math.min(9, Math.sqrt(degree[i]));
  const nameOf = (i) => String(nodes[i].name || nodes[i].key || nodes[i].id);
  const classOf = (i) => classes.get(nodes[i].label) || { color: "#A5ABB6", border: "#9AA1AC", label_zh: "" };
  const relationName = (type) => {
    const r = relations.get(type);
    return r && r.label_zh ? `${type} · ${r.label_zh}` : type;
  };
  // Relationships that make a unit responsible for a measure, with its role (lead, support).
  const unitTypes = new Set(DATA.relations.filter((r) => r.role).map((r) => r.type));
  const unitRole = (type) => (relations.get(type) || {}).role || "";

  // ---------------------------------------------------------------- filters
  const shownClass = new Set(DATA.classes.map((c) => c.label));
  const shownRelation = new Set(DATA.relations.map((r) => r.type));
  const nodeShown = (i) => shownClass.has(nodes[i].label);
  const edgeShown = (k) => shownRelation.has(edges[k].type) && nodeShown(edges[k].s) && nodeShown(edges[k].t);

  // ---------------------------------------------------------------- small DOM helper
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "style") el.style.cssText = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  const dot = (i) => h("span", { class: "dot", style: `background:${classOf(i).color}` });
  const badge = (label) => {
    const c = classes.get(label) || { color: "#A5ABB6", text: "#fff", label_zh: "" };
    return h("span", { class: "badge", style: `background:${c.color};color:${c.text}` }, label, c.label_zh ? ` ${c.label_zh}` : "");
  };

  // ---------------------------------------------------------------- search
  const normal = (s) => String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const searchIndex = nodes.map((n) => {
    const names = [n.name, ...(Array.isArray(n.aliases) ? n.aliases : []), n.key].filter((s) => s !== undefined && s !== null && s !== "");
    return [...new Set(names.map(String))].map((s) => [s, normal(s)]);
  });

  function search(query, limit) {
    const q = normal(query);
    if (!q) return { hits: [], total: 0 };
    const hits = [];
    for (let i = 0; i < N; i++) {
      if (!nodeShown(i)) continue;
      let best = null;
      searchIndex[i].forEach(([text, norm], j) => {
        const pos = norm.indexOf(q);
        if (pos < 0) return;
        const isName = j === 0;
        // exact before prefix before substring; the name before an alias
        const rank = (norm === q ? 0 : pos === 0 ? 2 : 4) + (isName ? 0 : 1);
        if (best === null || rank < best.rank) best = { i, rank, via: isName ? null : text };
      });
      if (best) hits.push(best);
    }
    hits.sort((a, b) => a.rank - b.rank || degree[b.i] - degree[a.i] || nameOf(a.i).length - nameOf(b.i).length);
    return { hits: hits.slice(0, limit), total: hits.length };
  }

  function renderResults() {
    const list = $("results");
    list.replaceChildren();
    const { hits, total } = search($("search").value, 60);
    hits.forEach((hit, n) => {
      list.append(
        h(
          "li",
          { class: n === 0 ? "active" : "", "data-node": hit.i, onclick: () => select(hit.i, true) },
          dot(hit.i),
          h("span", { class: "name" }, nameOf(hit.i)),
          h("span", { class: "cls" }, classOf(hit.i).label_zh || nodes[hit.i].label),
          hit.via && hit.via !== nameOf(hit.i) ? h("span", { class: "alias" }, `alias: ${hit.via}`) : null,
        ),
      );
    });
    if (total > hits.length) list.append(h("li", { class: "more" }, `… ${total - hits.length} more`));
    if ($("search").value.trim() && total === 0) list.append(h("li", { class: "more" }, "no match"));
  }

  // ---------------------------------------------------------------- force layout
  // A velocity-Verlet simulation in the manner of d3-force: link springs, many-body repulsion
  // through a Barnes-Hut quadtree, and a weak pull to the centre that keeps components together.
  let seed = 1;
  const jiggle = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296 - 0.5) * 1e-6;

  // A Barnes-Hut quadtree in flat typed arrays, rebuilt every tick: no per-cell objects, so
  // the garbage collector stays quiet while thousands of nodes are laid out.
  const MAX_DEPTH = 24; // below this, (nearly) coincident points share a leaf
  class QuadTree {
    constructor() {
      this.cap = 0;
      this.size = 0;
      this.next = new Int32Array(0); // next point in the same leaf, -1 at the end
      this.stack = new Int32Array(4 * MAX_DEPTH + 8);
      this.grow(1024);
    }

    grow(min) {
      const cap = Math.max(min, this.cap * 2);
      const copy = (Type, old, per) => {
        const arr = new Type(cap * per);
        if (old) arr.set(old.subarray(0, this.size * per));
        return arr;
      };
      this.x0 = copy(Float64Array, this.x0, 1);
      this.y0 = copy(Float64Array, this.y0, 1);
      this.s = copy(Float64Array, this.s, 1);
      this.cx = copy(Float64Array, this.cx, 1);
      this.cy = copy(Float64Array, this.cy, 1);
      this.count = copy(Float64Array, this.count, 1);
      this.head = copy(Int32Array, this.head, 1);
      this.kids = copy(Int32Array, this.kids, 4);
      this.cap = cap;
    }

    cell(x0, y0, s) {
      if (this.size === this.cap) this.grow(this.cap + 1);
      const c = this.size++;
      this.x0[c] = x0;
      this.y0[c] = y0;
      this.s[c] = s;
      this.head[c] = -1;
      this.kids.fill(-1, 4 * c, 4 * c + 4);
      return c;
    }

    // The child of cell c that holds point (px, py), created when missing.
    kid(c, px, py) {
      const half = this.s[c] / 2;
      const right = px >= this.x0[c] + half ? 1 : 0;
      const below = py >= this.y0[c] + half ? 1 : 0;
      const slot = 4 * c + right + 2 * below;
      let k = this.kids[slot];
      if (k < 0) {
        k = this.cell(this.x0[c] + right * half, this.y0[c] + below * half, half);
        this.kids[slot] = k;
      }
      return k;
    }

    build(x, y, n) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let i = 0; i < n; i++) {
        if (x[i] < x0) x0 = x[i];
        if (x[i] > x1) x1 = x[i];
        if (y[i] < y0) y0 = y[i];
        if (y[i] > y1) y1 = y[i];
      }
      if (this.next.length < n) this.next = new Int32Array(n);
      this.size = 0;
      const root = this.cell(x0, y0, Math.max(x1 - x0, y1 - y0) + 1);
      for (let p = 0; p < n; p++) {
        let c = root;
        for (let depth = 0; ; depth++) {
          if (this.kids[4 * c] < 0 && this.kids[4 * c + 1] < 0 && this.kids[4 * c + 2] < 0 && this.kids[4 * c + 3] < 0) {
            // a leaf: take the point if empty or too deep, else split it
            const q = this.head[c];
            if (q < 0 || depth >= MAX_DEPTH) {
              this.next[p] = q;
              this.head[c] = p;
              break;
            }
            this.head[c] = -1;
            const k = this.kid(c, x[q], y[q]);
            this.head[k] = q;
            this.next[q] = -1;
          }
          c = this.kid(c, x[p], y[p]);
        }
      }
      // centres of mass, children before parents (a child's index is above its parent's)
      for (let c = this.size - 1; c >= 0; c--) {
        let m = 0;
        let sx = 0;
        let sy = 0;
        for (let p = this.head[c]; p >= 0; p = this.next[p]) {
          m++;
          sx += x[p];
          sy += y[p];
        }
        for (let j = 4 * c; j < 4 * c + 4; j++) {
          const k = this.kids[j];
          if (k < 0) continue;
          m += this.count[k];
          sx += this.cx[k] * this.count[k];
          sy += this.cy[k] * this.count[k];
        }
        this.count[c] = m;
        this.cx[c] = sx / m;
        this.cy[c] = sy / m;
      }
    }

    // Add the repulsion of every other point on point i to (vx, vy); theta 0.9.
    repel(i, x, y, vx, vy, strength) {
      const { stack, kids, head, next, s, cx, cy, count } = this;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const c = stack[--top];
        if (head[c] >= 0) {
          for (let p = head[c]; p >= 0; p = next[p]) {
            if (p === i) continue;
            let dx = x[p] - x[i];
            let dy = y[p] - y[i];
            if (dx === 0) dx = jiggle();
            if (dy === 0) dy = jiggle();
            let l = dx * dx + dy * dy;
            if (l < 1) l = Math.sqrt(l);
            const f = strength / l;
            vx[i] += dx * f;
            vy[i] += dy * f;
          }
          continue;
        }
        const dx = cx[c] - x[i];
        const dy = cy[c] - y[i];
        let l = dx * dx + dy * dy;
        if ((s[c] * s[c]) / 0.81 < l) {
          // far enough: the cell acts as one body at its centre of mass
          if (l < 1) l = Math.sqrt(l);
          const f = (strength * count[c]) / l;
          vx[i] += dx * f;
          vy[i] += dy * f;
          continue;
        }
        for (let j = 4 * c; j < 4 * c + 4; j++) if (kids[j] >= 0) stack[top++] = kids[j];
      }
    }
  }

  class Simulation {
    constructor(members, pairs, options, place) {
      this.members = members; // global node indices
      this.local = new Map(members.map((g, i) => [g, i]));
      const n = members.length;
      this.n = n;
      this.x = new Float64Array(n);
      this.y = new Float64Array(n);
      this.vx = new Float64Array(n);
      this.vy = new Float64Array(n);
      this.fixed = new Uint8Array(n);
      members.forEach((g, i) => {
        const [px, py] = place(g, i);
        this.x[i] = px;
        this.y[i] = py;
      });
      this.pairs = pairs; // [{a, b, edges: [edge indices]}] in local indices
      const count = new Float64Array(n);
      for (const p of pairs) {
        count[p.a]++;
        count[p.b]++;
      }
      this.bias = pairs.map((p) => count[p.a] / (count[p.a] + count[p.b]));
      this.strength = pairs.map((p) => 1 / Math.min(count[p.a], count[p.b]));
      this.charge = options.charge;
      this.distance = options.distance;
      this.gravity = options.gravity;
      this.alpha = 1;
      this.alphaMin = 0.002;
      this.alphaDecay = 1 - Math.pow(this.alphaMin, 1 / 300);
      this.alphaTarget = 0;
      this.ticks = 0;
      this.tickMs = 0;
      this.tree = new QuadTree();
    }

    get running() {
      return this.alpha >= this.alphaMin || this.alphaTarget > 0;
    }

    reheat(alpha) {
      this.alpha = Math.max(this.alpha, alpha);
    }

    tick() {
      const t0 = performance.now();
      const { x, y, vx, vy, n } = this;
      const alpha = (this.alpha += (this.alphaTarget - this.alpha) * this.alphaDecay);
      // springs
      this.pairs.forEach((p, k) => {
        const a = p.a;
        const b = p.b;
        let dx = x[b] + vx[b] - x[a] - vx[a] || jiggle();
        let dy = y[b] + vy[b] - y[a] - vy[a] || jiggle();
        let l = Math.sqrt(dx * dx + dy * dy);
        l = ((l - this.distance) / l) * alpha * this.strength[k];
        dx *= l;
        dy *= l;
        const bias = this.bias[k];
        vx[b] -= dx * bias;
        vy[b] -= dy * bias;
        vx[a] += dx * (1 - bias);
        vy[a] += dy * (1 - bias);
      });
      // repulsion
      if (n > 1) {
        this.tree.build(x, y, n);
        const strength = this.charge * alpha;
        for (let i = 0; i < n; i++) this.tree.repel(i, x, y, vx, vy, strength);
      }
      // centre, then integrate
      const g = this.gravity * alpha;
      for (let i = 0; i < n; i++) {
        if (this.fixed[i]) {
          vx[i] = vy[i] = 0;
          continue;
        }
        vx[i] = (vx[i] - x[i] * g) * 0.6;
        vy[i] = (vy[i] - y[i] * g) * 0.6;
        x[i] += vx[i];
        y[i] += vy[i];
      }
      this.ticks++;
      this.tickMs += performance.now() - t0;
    }
  }

  // Unique node pairs of the given edges (several relationships between two nodes are drawn as
  // one line and listed together).
  function pairsOf(edgeIndices, local) {
    const byPair = new Map();
    for (const k of edgeIndices) {
      const a = local.get(edges[k].s);
      const b = local.get(edges[k].t);
      if (a === undefined || b === undefined || a === b) continue;
      const id = a < b ? `${a} ${b}` : `${b} ${a}`;
      let pair = byPair.get(id);
      if (!pair) byPair.set(id, (pair = { a, b, edges: [] }));
      pair.edges.push(k);
    }
    return [...byPair.values()];
  }

  // Initial places for the overview: breadth-first from the best-connected nodes along a
  // sunflower spiral, so neighbours start near each other and the layout settles quickly.
  const spiral = new Float64Array(2 * N);
  {
    const order = [];
    const seen = new Uint8Array(N);
    const starts = [...nodes.keys()].sort((a, b) => degree[b] - degree[a]);
    for (const s of starts) {
      if (seen[s]) continue;
      seen[s] = 1;
      const queue = [s];
      for (let q = 0; q < queue.length; q++) {
        const i = queue[q];
        order.push(i);
        for (const k of outgoing[i]) if (!seen[edges[k].t]) (seen[edges[k].t] = 1), queue.push(edges[k].t);
        for (const k of incoming[i]) if (!seen[edges[k].s]) (seen[edges[k].s] = 1), queue.push(edges[k].s);
      }
    }
    const turn = Math.PI * (3 - Math.sqrt(5));
    order.forEach((i, rank) => {
      const r = 12 * Math.sqrt(0.5 + rank);
      spiral[2 * i] = r * Math.cos(rank * turn);
      spiral[2 * i + 1] = r * Math.sin(rank * turn);
    });
  }

  // ---------------------------------------------------------------- views
  const OVERVIEW = { charge: -30, distance: 30, gravity: 0.02 };
  const FOCUS = { charge: -300, distance: 110, gravity: 0.05 };
  const FOCUS_LIMIT = 300; // neighbours shown around a node, best connected first
  let overview = null; // kept while a focus view is shown, to come back to
  let view = null; // {sim, mode, focus, note}
  let selected = null; // {kind: "node"|"edge", index}
  let hovered = -1;
  const camera = { k: 1, x: 0, y: 0, auto: true };

  function buildOverview() {
    const members = [];
    for (let i = 0; i < N; i++) if (nodeShown(i)) members.push(i);
    const old = overview;
    const place = (g) => {
      const l = old ? old.local.get(g) : undefined;
      return l !== undefined ? [old.x[l], old.y[l]] : [spiral[2 * g], spiral[2 * g + 1]];
    };
    const local = new Map(members.map((g, i) => [g, i]));
    const shown = [];
    for (let k = 0; k < edges.length; k++) if (edgeShown(k)) shown.push(k);
    overview = new Simulation(members, pairsOf(shown, local), OVERVIEW, place);
    if (old) overview.alpha = 0.3;
    return { sim: overview, mode: "overview", focus: -1, note: "" };
  }

  // The neighbourhood of a node; for an agency also the agencies that share its measures.
  function focusMembers(center) {
    const around = new Map(); // neighbour -> edge type it was reached by
    const visit = (list, end) => {
      for (const k of list) {
        if (!edgeShown(k)) continue;
        const other = edges[k][end];
        if (other !== center && !around.has(other)) around.set(other, edges[k].type);
      }
    };
    visit(outgoing[center], "t");
    visit(incoming[center], "s");
    let neighbours = [...around.keys()];
    const total = neighbours.length;
    if (total > FOCUS_LIMIT) neighbours = neighbours.sort((a, b) => degree[b] - degree[a]).slice(0, FOCUS_LIMIT);
    const ring2 = [];
    for (const [other] of coResponsibleList(center)) if (nodeShown(other) && !around.has(other)) ring2.push(other);
    const note = total > FOCUS_LIMIT ? `showing ${FOCUS_LIMIT} of ${total} neighbours` : "";
    return { neighbours, ring2, around, note };
  }

  function buildFocus(center) {
    const { neighbours, ring2, around, note } = focusMembers(center);
    // neighbours grouped by relationship type round a circle, co-responsible agencies outside it
    neighbours.sort((a, b) => (around.get(a) < around.get(b) ? -1 : around.get(a) > around.get(b) ? 1 : a - b));
    const members = [center, ...neighbours, ...ring2];
    const place = (g, i) => {
      if (i === 0) return [0, 0];
      const inner = i <= neighbours.length;
      const count = inner ? neighbours.length : ring2.length;
      const rank = inner ? i - 1 : i - 1 - neighbours.length;
      const r = (inner ? 160 : 320) + Math.sqrt(count) * (inner ? 12 : 8);
      const a = (2 * Math.PI * rank) / Math.max(count, 1);
      return [r * Math.cos(a), r * Math.sin(a)];
    };
    const set = new Set(members);
    const local = new Map(members.map((g, i) => [g, i]));
    const shown = [];
    for (const g of members) for (const k of outgoing[g]) if (set.has(edges[k].t) && edgeShown(k)) shown.push(k);
    const sim = new Simulation(members, pairsOf(shown, local), FOCUS, place);
    sim.fixed[0] = 1;
    return { sim, mode: "focus", focus: center, note };
  }

  function showOverview() {
    view = overview ? { sim: overview, mode: "overview", focus: -1, note: "" } : buildOverview();
    camera.auto = true;
    wake();
  }

  function showFocus(center) {
    view = buildFocus(center);
    camera.auto = true;
    wake();
  }

  function refreshView() {
    const focus = view && view.mode === "focus" ? view.focus : -1;
    const rebuilt = buildOverview(); // keeps the places of the nodes already laid out
    if (focus >= 0 && nodeShown(focus)) {
      showFocus(focus);
    } else {
      view = rebuilt;
      camera.auto = true;
      wake();
    }
    updateStatus();
  }

  // ---------------------------------------------------------------- drawing
  const canvas = $("graph");
  const ctx = canvas.getContext("2d");
  let width = 0;
  let height = 0;
  let dpr = 1;
  let frameScheduled = false;
  const frameTimes = [];

  function resize() {
    const rect = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = Math.max(1, rect.width);
    height = Math.max(1, rect.height);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    wake();
  }

  function wake() {
    if (!frameScheduled) {
      frameScheduled = true;
      requestAnimationFrame(frame);
    }
  }

  function frame() {
    frameScheduled = false;
    const t0 = performance.now();
    const sim = view.sim;
    // as many layout steps as fit in a frame's budget, so drawing stays smooth
    while (sim.running && performance.now() - t0 < 12) sim.tick();
    if (camera.auto) fit(false);
    draw();
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 120) frameTimes.shift();
    if (sim.running) wake();
    updateStatus();
  }

  function fit(animate) {
    const { sim } = view;
    if (!sim.n) return;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < sim.n; i++) {
      x0 = Math.min(x0, sim.x[i]);
      x1 = Math.max(x1, sim.x[i]);
      y0 = Math.min(y0, sim.y[i]);
      y1 = Math.max(y1, sim.y[i]);
    }
    const pad = 40;
    const k = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1), (height - 2 * pad) / Math.max(y1 - y0, 1), 2);
    camera.k = Math.max(k, 0.02);
    camera.x = width / 2 - ((x0 + x1) / 2) * camera.k;
    camera.y = height / 2 - ((y0 + y1) / 2) * camera.k;
    if (animate) wake();
  }

  const highlighted = () => {
    if (!selected) return new Set();
    if (selected.kind === "edge") return new Set([selected.index]);
    return new Set([...outgoing[selected.index], ...incoming[selected.index]]);
  };

  function draw() {
    const { sim, mode } = view;
    const { x, y } = sim;
    const k = camera.k;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * camera.x, dpr * camera.y);
    const focus = mode === "focus";
    const marked = highlighted();
    // relationships: one path for all, then the selected ones on top
    ctx.beginPath();
    for (const p of sim.pairs) {
      ctx.moveTo(x[p.a], y[p.a]);
      ctx.lineTo(x[p.b], y[p.b]);
    }
    ctx.strokeStyle = focus ? "rgba(110,118,129,0.55)" : "rgba(110,118,129,0.28)";
    ctx.lineWidth = (focus ? 1.2 : 0.7) / k;
    ctx.stroke();
    const strong = sim.pairs.filter((p) => p.edges.some((e) => marked.has(e)));
    if (strong.length) {
      ctx.beginPath();
      for (const p of strong) {
        ctx.moveTo(x[p.a], y[p.a]);
        ctx.lineTo(x[p.b], y[p.b]);
      }
      ctx.strokeStyle = "rgba(31,35,40,0.85)";
      ctx.lineWidth = 2 / k;
      ctx.stroke();
    }
    if (focus) drawArrowsAndTypes(sim, k);
    // nodes, one path per class
    const byClass = new Map();
    for (let i = 0; i < sim.n; i++) {
      const label = nodes[sim.members[i]].label;
      if (!byClass.has(label)) byClass.set(label, []);
      byClass.get(label).push(i);
    }
    const scale = focus ? 1.6 : 1;
    for (const [label, list] of byClass) {
      const c = classes.get(label) || { color: "#A5ABB6", border: "#9AA1AC" };
      ctx.beginPath();
      for (const i of list) {
        const r = radius(sim.members[i]) * scale;
        ctx.moveTo(x[i] + r, y[i]);
        ctx.arc(x[i], y[i], r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = c.color;
      ctx.fill();
      ctx.strokeStyle = c.border;
      ctx.lineWidth = 1 / k;
      ctx.stroke();
    }
    const ring = (g, color) => {
      const i = sim.local.get(g);
      if (i === undefined) return;
      ctx.beginPath();
      ctx.arc(x[i], y[i], radius(g) * scale + 4 / k, 0, 2 * Math.PI);
      ctx.strokeStyle = color;
      ctx.lineWidth = 3 / k;
      ctx.stroke();
    };
    if (selected && selected.kind === "node") ring(selected.index, "#0969da");
    if (hovered >= 0) ring(hovered, "rgba(9,105,218,0.5)");
    drawLabels(sim, k, scale);
  }

  function drawArrowsAndTypes(sim, k) {
    const { x, y } = sim;
    ctx.fillStyle = "rgba(110,118,129,0.9)";
    ctx.font = `${11 / k}px system-ui, "Noto Sans CJK SC", sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const p of sim.pairs) {
      for (const e of p.edges.slice(0, 1)) {
        const s = sim.local.get(edges[e].s);
        const t = sim.local.get(edges[e].t);
        const dx = x[t] - x[s];
        const dy = y[t] - y[s];
        const l = Math.sqrt(dx * dx + dy * dy) || 1;
        const r = radius(edges[e].t) * 1.6 + 2 / k;
        const ax = x[t] - (dx / l) * r;
        const ay = y[t] - (dy / l) * r;
        const size = 7 / k;
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        ctx.lineTo(ax - (dx / l) * size - (dy / l) * size * 0.5, ay - (dy / l) * size + (dx / l) * size * 0.5);
        ctx.lineTo(ax - (dx / l) * size + (dy / l) * size * 0.5, ay - (dy / l) * size - (dx / l) * size * 0.5);
        ctx.closePath();
        ctx.fill();
      }
      if (sim.pairs.length <= 40 || k > 1.5) {
        const types = [...new Set(p.edges.map((e) => (relations.get(edges[e].type) || {}).label_zh || edges[e].type))];
        ctx.fillText(types.join(" / "), (x[p.a] + x[p.b]) / 2, (y[p.a] + y[p.b]) / 2);
      }
    }
  }

  // Labels that do not overlap: the selected and hovered nodes first, then the best connected;
  // a coarse grid of the screen records what is taken.
  const CELL = 6;
  let occupied = new Uint8Array(0);
  function drawLabels(sim, k, scale) {
    const { x, y } = sim;
    ctx.font = `${12 / k}px system-ui, "Noto Sans CJK SC", sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const cols = Math.ceil(width / CELL);
    const rows = Math.ceil(height / CELL);
    if (occupied.length < cols * rows) occupied = new Uint8Array(cols * rows);
    else occupied.fill(0, 0, cols * rows);
    const candidates = [];
    for (let i = 0; i < sim.n; i++) {
      const sx = x[i] * k + camera.x;
      const sy = y[i] * k + camera.y;
      if (sx >= 0 && sx <= width && sy >= 0 && sy <= height) candidates.push(i);
    }
    candidates.sort((a, b) => degree[sim.members[b]] - degree[sim.members[a]]);
    const first = [selected && selected.kind === "node" ? selected.index : -1, hovered, view.focus].map((g) => sim.local.get(g)).filter((i) => i !== undefined);
    const budget = view.mode === "focus" ? 600 : k > 1.2 ? 300 : k > 0.5 ? 80 : 30;
    let drawn = 0;
    ctx.lineWidth = 3 / k;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#1f2328";
    for (const i of new Set([...first, ...candidates])) {
      if (drawn >= budget) break;
      const g = sim.members[i];
      let text = nameOf(g);
      if (text.length > 16) text = `${text.slice(0, 15)}…`;
      const ty = y[i] + radius(g) * scale + 2 / k;
      const w = ctx.measureText(text).width * k; // on screen
      const sx0 = x[i] * k + camera.x - w / 2;
      const sy0 = ty * k + camera.y;
      const c0 = Math.max(0, Math.floor(sx0 / CELL));
      const c1 = Math.min(cols - 1, Math.floor((sx0 + w) / CELL));
      const r0 = Math.max(0, Math.floor(sy0 / CELL));
      const r1 = Math.min(rows - 1, Math.floor((sy0 + 14) / CELL));
      let free = true;
      for (let r = r0; r <= r1 && free; r++) for (let c = c0; c <= c1; c++) if (occupied[r * cols + c]) (free = false);
      if (!free && !first.includes(i)) continue;
      for (let r = r0; r <= r1; r++) occupied.fill(1, r * cols + c0, r * cols + c1 + 1);
      ctx.strokeText(text, x[i], ty);
      ctx.fillText(text, x[i], ty);
      drawn++;
    }
  }

  // ---------------------------------------------------------------- pointer interaction
  const toWorld = (sx, sy) => [(sx - camera.x) / camera.k, (sy - camera.y) / camera.k];

  function nodeAt(sx, sy) {
    const { sim } = view;
    const [wx, wy] = toWorld(sx, sy);
    const scale = view.mode === "focus" ? 1.6 : 1;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < sim.n; i++) {
      const dx = sim.x[i] - wx;
      const dy = sim.y[i] - wy;
      const d = dx * dx + dy * dy;
      const r = radius(sim.members[i]) * scale + 3 / camera.k;
      if (d <= r * r && d < bestD) {
        best = i;
        bestD = d;
      }
    }
    return best;
  }

  function edgeAt(sx, sy) {
    const { sim } = view;
    const [wx, wy] = toWorld(sx, sy);
    const tolerance = 4 / camera.k;
    let best = null;
    let bestD = tolerance * tolerance;
    for (const p of sim.pairs) {
      const ax = sim.x[p.a];
      const ay = sim.y[p.a];
      const dx = sim.x[p.b] - ax;
      const dy = sim.y[p.b] - ay;
      const l = dx * dx + dy * dy || 1;
      const t = Math.max(0, Math.min(1, ((wx - ax) * dx + (wy - ay) * dy) / l));
      const ex = ax + t * dx - wx;
      const ey = ay + t * dy - wy;
      const d = ex * ex + ey * ey;
      if (d < bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  }

  let drag = null; // {kind: "pan"|"node", ...}
  canvas.addEventListener("pointerdown", (ev) => {
    canvas.setPointerCapture(ev.pointerId);
    const i = nodeAt(ev.offsetX, ev.offsetY);
    drag = { kind: i >= 0 ? "node" : "pan", i, x: ev.offsetX, y: ev.offsetY, moved: false, cx: camera.x, cy: camera.y };
    canvas.classList.add("dragging");
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (drag) {
      const dx = ev.offsetX - drag.x;
      const dy = ev.offsetY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      camera.auto = false;
      if (drag.kind === "pan") {
        camera.x = drag.cx + dx;
        camera.y = drag.cy + dy;
      } else {
        const { sim } = view;
        const [wx, wy] = toWorld(ev.offsetX, ev.offsetY);
        sim.fixed[drag.i] = 1;
        sim.x[drag.i] = wx;
        sim.y[drag.i] = wy;
        sim.alphaTarget = 0.1;
        sim.reheat(0.1);
      }
      wake();
      return;
    }
    const i = nodeAt(ev.offsetX, ev.offsetY);
    const g = i >= 0 ? view.sim.members[i] : -1;
    const tip = $("tooltip");
    if (g >= 0) {
      tip.textContent = `${nameOf(g)} · ${classOf(g).label_zh || nodes[g].label}`;
      tip.style.left = `${ev.offsetX + 12}px`;
      tip.style.top = `${ev.offsetY + 12}px`;
      tip.hidden = false;
    } else tip.hidden = true;
    if (g !== hovered) {
      hovered = g;
      wake();
    }
  });
  canvas.addEventListener("pointerup", (ev) => {
    if (!drag) return;
    const { sim } = view;
    if (drag.kind === "node" && drag.moved) {
      if (!(view.mode === "focus" && drag.i === 0)) sim.fixed[drag.i] = 0;
      sim.alphaTarget = 0;
    } else if (!drag.moved) {
      if (drag.i >= 0) select(sim.members[drag.i], false);
      else {
        const p = edgeAt(ev.offsetX, ev.offsetY);
        if (p) selectEdge(p.edges[0]);
      }
    }
    drag = null;
    canvas.classList.remove("dragging");
    wake();
  });
  canvas.addEventListener("pointerleave", () => {
    $("tooltip").hidden = true;
    if (hovered >= 0) {
      hovered = -1;
      wake();
    }
  });
  canvas.addEventListener("dblclick", (ev) => {
    const i = nodeAt(ev.offsetX, ev.offsetY);
    if (i >= 0) select(view.sim.members[i], true);
  });
  canvas.addEventListener(
    "wheel",
    (ev) => {
      ev.preventDefault();
      const factor = Math.exp(-ev.deltaY * 0.0015);
      const k = Math.min(20, Math.max(0.01, camera.k * factor));
      camera.x = ev.offsetX - ((ev.offsetX - camera.x) * k) / camera.k;
      camera.y = ev.offsetY - ((ev.offsetY - camera.y) * k) / camera.k;
      camera.k = k;
      camera.auto = false;
      wake();
    },
    { passive: false },
  );

  // ---------------------------------------------------------------- selection and details
  function select(i, focus) {
    selected = { kind: "node", index: i };
    if (focus) showFocus(i);
    renderDetails();
    wake();
  }

  function selectEdge(k) {
    selected = { kind: "edge", index: k };
    renderDetails();
    wake();
  }

  const nodeLink = (i, extra) =>
    h("li", { "data-node": i, onclick: () => select(i, true) }, dot(i), h("span", { class: "name" }, nameOf(i)), extra || null);

  const provLink = (k) =>
    h("a", { class: "prov", href: "#", title: "relationship and provenance", onclick: (ev) => (ev.preventDefault(), ev.stopPropagation(), selectEdge(k)) }, "provenance");

  function propsTable(obj, skip) {
    const rows = Object.entries(obj).filter(([key, v]) => !skip.has(key) && v !== null && v !== undefined && v !== "");
    return h(
      "table",
      { class: "props" },
      rows.map(([key, v]) => {
        const text = Array.isArray(v) ? v.join("、") : String(v);
        return h("tr", {}, h("th", {}, key), h("td", {}, text.length > 120 ? h("div", { class: "long" }, text) : text));
      }),
    );
  }

  function provenanceOf(obj) {
    const keys = ["doc_id", "start", "end", "evidence"];
    if (!keys.some((key) => obj[key] !== undefined)) return null;
    const shown = Object.fromEntries(keys.filter((key) => obj[key] !== undefined).map((key) => [key, obj[key]]));
    return [h("h3", {}, "Provenance (raw character offsets)"), propsTable(shown, new Set())];
  }

  function policyOf(measure) {
    for (const k of incoming[measure]) if (nodes[edges[k].s].label === "Policy" && edges[k].type === "HAS_MEASURE") return edges[k].s;
    for (const k of incoming[measure]) if (nodes[edges[k].s].label === "Policy") return edges[k].s;
    return -1;
  }

  // Agencies sharing a measure with `agency` through the unit relationships: {other: count}.
  function coResponsible(agency) {
    const shared = {};
    for (const k of outgoing[agency]) {
      if (!unitTypes.has(edges[k].type)) continue;
      const measure = edges[k].t;
      const seen = new Set();
      for (const j of incoming[measure]) {
        const other = edges[j].s;
        if (!unitTypes.has(edges[j].type) || other === agency || seen.has(other)) continue;
        seen.add(other);
        shared[other] = (shared[other] || 0) + 1;
      }
    }
    return shared;
  }
  const coResponsibleList = (agency) =>
    Object.entries(coResponsible(agency))
      .map(([o, c]) => [Number(o), c])
      .sort((a, b) => b[1] - a[1] || nameOf(a[0]).localeCompare(nameOf(b[0])));

  function measureItem(k) {
    const m = edges[k].t;
    const p = policyOf(m);
    return nodeLink(
      m,
      h(
        "span",
        { class: "sub" },
        [nodes[m].number ? `${nodes[m].number} ` : "", p >= 0 ? nameOf(p) : nodes[m].doc_id || ""].join(""),
        provLink(k),
      ),
    );
  }

  function unitSection(i) {
    const out = [];
    for (const type of unitTypes) {
      const list = outgoing[i].filter((k) => edges[k].type === type);
      out.push(h("h3", {}, `${relationName(type)} (${list.length})`));
      out.push(list.length ? h("ol", { class: "link-list measure-list", "data-relation": type }, list.map(measureItem)) : h("p", { class: "muted" }, "none"));
    }
    const partners = coResponsibleList(i);
    if (partners.length) {
      out.push(h("h3", {}, `Shares measures with (${partners.length})`));
      out.push(h("ol", { class: "link-list partner-list" }, partners.map(([o, c]) => nodeLink(o, h("span", { class: "cls" }, `${c} shared`)))));
    }
    return out;
  }

  function otherRelations(i, skipTypes) {
    const groups = new Map();
    const add = (k, dir) => {
      if (skipTypes.has(edges[k].type)) return;
      const key = `${dir}${edges[k].type}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(k);
    };
    outgoing[i].forEach((k) => add(k, "→ "));
    incoming[i].forEach((k) => add(k, "← "));
    const out = [];
    for (const [key, list] of [...groups].sort()) {
      const dir = key.slice(0, 2);
      const type = key.slice(2);
      out.push(h("h3", {}, `${dir}${relationName(type)} (${list.length})`));
      const items = list.slice(0, 80).map((k) => nodeLink(dir === "→ " ? edges[k].t : edges[k].s, provLink(k)));
      if (list.length > 80) items.push(h("li", { class: "muted" }, `… ${list.length - 80} more`));
      out.push(h("ol", { class: "link-list" }, items));
    }
    return out;
  }

  // The measure's text with the responsibility clauses, the units' surfaces and the mentions marked.
  function markedText(i) {
    const text = String(nodes[i].text || "");
    const layers = Array.from({ length: text.length }, () => new Set());
    const paint = (from, to, cls) => {
      for (let c = Math.max(0, from); c < Math.min(text.length, to); c++) layers[c].add(cls);
    };
    const everywhere = (needle, cls) => {
      if (!needle) return;
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) paint(at, at + needle.length, cls);
    };
    for (const k of incoming[i]) {
      const e = edges[k];
      if (!unitTypes.has(e.type)) continue;
      const role = unitRole(e.type);
      const at = e.evidence ? text.indexOf(e.evidence) : -1;
      if (at >= 0) {
        paint(at, at + e.evidence.length, "clause");
        const s = e.surface ? text.indexOf(e.surface, at) : -1;
        if (s >= 0 && s < at + e.evidence.length) paint(s, s + e.surface.length, role);
      } else everywhere(e.surface, role);
    }
    for (const k of outgoing[i]) everywhere(edges[k].evidence, "mention");
    const box = h("div", { class: "evidence" });
    let start = 0;
    const key = (c) => [...layers[c]].sort().join(" ");
    for (let c = 1; c <= text.length; c++) {
      if (c < text.length && key(c) === key(start)) continue;
      const piece = text.slice(start, c);
      const cls = key(start);
      box.append(cls ? h("mark", { class: cls }, piece) : document.createTextNode(piece));
      start = c;
    }
    return box;
  }

  function measureSection(i) {
    const out = [];
    const p = policyOf(i);
    if (p >= 0) out.push(h("p", {}, "In ", h("a", { href: "#", onclick: (ev) => (ev.preventDefault(), select(p, true)) }, nameOf(p))));
    if (nodes[i].section) out.push(h("p", { class: "muted" }, nodes[i].section));
    const units = incoming[i].filter((k) => unitTypes.has(edges[k].type)).sort((a, b) => (edges[a].position || 0) - (edges[b].position || 0));
    for (const type of unitTypes) {
      const list = units.filter((k) => edges[k].type === type);
      if (!list.length) continue;
      out.push(h("h3", {}, relationName(type)));
      out.push(
        h(
          "div",
          { class: "chips" },
          list.map((k) => h("span", { class: `chip ${unitRole(type)}`, title: `${edges[k].surface || ""}`, onclick: () => select(edges[k].s, true) }, nameOf(edges[k].s))),
        ),
      );
    }
    out.push(h("h3", {}, "Text"));
    const legend = [
      ["clause", "responsibility clause"],
      ...[...unitTypes].map((t) => [unitRole(t), relationName(t)]),
      ["mention", "mention"],
    ];
    out.push(h("div", { class: "legend" }, legend.map(([cls, text]) => h("span", { class: cls }, text))));
    out.push(markedText(i));
    return out;
  }

  function renderNode(i) {
    const n = nodes[i];
    const panel = [
      badge(n.label),
      h("h2", {}, nameOf(i)),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: () => showFocus(i) }, "Focus"),
        h("button", { type: "button", onclick: () => (showOverview(), centreOn(i)) }, "Locate in whole graph"),
      ),
    ];
    if (Array.isArray(n.aliases) && n.aliases.length) panel.push(h("p", { class: "muted" }, `Aliases: ${n.aliases.join("、")}`));
    let skip = new Set();
    if (outgoing[i].some((k) => unitTypes.has(edges[k].type))) {
      panel.push(h("div", { class: "agency-view" }, unitSection(i)));
      skip = unitTypes;
    }
    if (incoming[i].some((k) => unitTypes.has(edges[k].type)) || n.text) {
      panel.push(h("div", { class: "measure-view" }, measureSection(i)));
      skip = unitTypes;
    }
    panel.push(...otherRelations(i, skip));
    panel.push(h("h3", {}, "Properties"), propsTable(n, new Set(["text", "aliases", "name", "label", "doc_id", "start", "end", "evidence"])));
    panel.push(...(provenanceOf(n) || []));
    return panel;
  }

  function renderEdge(k) {
    const e = edges[k];
    const r = relations.get(e.type) || {};
    return [
      h("span", { class: "badge", style: "background:#d0d7de" }, "relationship"),
      h("h2", {}, relationName(e.type)),
      r.definition ? h("p", { class: "muted" }, r.definition) : null,
      h("ol", { class: "link-list" }, nodeLink(e.s, h("span", { class: "cls" }, "source")), nodeLink(e.t, h("span", { class: "cls" }, "target"))),
      ...(provenanceOf(e) || []),
      h("h3", {}, "Properties"),
      propsTable(e, new Set(["s", "t", "doc_id", "start", "end", "evidence"])),
    ];
  }

  function renderWelcome() {
    return [
      h("h2", {}, "Explore the graph"),
      h("p", {}, "Search a name or alias on the left, or click a node. Double-click focuses a node's neighbourhood; drag to pan, scroll to zoom."),
      h("h3", {}, "Classes"),
      h("ol", { class: "link-list" }, DATA.classes.filter((c) => c.count).map((c) => h("li", {}, h("span", { class: "dot", style: `background:${c.color}` }), `${c.label} ${c.label_zh}`, h("span", { class: "cls" }, String(c.count)), c.definition ? h("span", { class: "sub" }, c.definition) : null))),
    ];
  }

  function renderDetails() {
    const panel = $("details");
    panel.replaceChildren(...(!selected ? renderWelcome() : selected.kind === "node" ? renderNode(selected.index) : renderEdge(selected.index)).filter(Boolean));
    panel.scrollTop = 0;
  }

  function centreOn(g) {
    const { sim } = view;
    const i = sim.local.get(g);
    if (i === undefined) return;
    camera.auto = false;
    camera.k = Math.max(camera.k, 1);
    camera.x = width / 2 - sim.x[i] * camera.k;
    camera.y = height / 2 - sim.y[i] * camera.k;
    selected = { kind: "node", index: g };
    wake();
  }

  // ---------------------------------------------------------------- filters UI
  function renderFilters() {
    const item = (kind, key, count, color, text, title) =>
      h(
        "li",
        { class: count ? "" : "empty", title },
        h("input", {
          type: "checkbox",
          id: `${kind}-${key}`,
          "data-key": key,
          checked: (kind === "class" ? shownClass : shownRelation).has(key),
          onchange: (ev) => {
            const set = kind === "class" ? shownClass : shownRelation;
            if (ev.target.checked) set.add(key);
            else set.delete(key);
            refreshView();
            renderResults();
          },
        }),
        color ? h("span", { class: "dot", style: `background:${color}` }) : null,
        h("label", { for: `${kind}-${key}` }, text),
        h("span", { class: "count" }, String(count)),
      );
    $("class-filters").replaceChildren(...DATA.classes.map((c) => item("class", c.label, c.count, c.color, `${c.label} ${c.label_zh}`, c.definition)));
    $("relation-filters").replaceChildren(...DATA.relations.map((r) => item("relation", r.type, r.count, null, relationName(r.type), `${r.source} → ${r.target}: ${r.definition}`)));
  }

  document.querySelectorAll("[data-filter]").forEach((button) =>
    button.addEventListener("click", () => {
      const all = button.dataset.set === "all";
      const [set, keys] = button.dataset.filter === "class" ? [shownClass, DATA.classes.map((c) => c.label)] : [shownRelation, DATA.relations.map((r) => r.type)];
      keys.forEach((key) => (all ? set.add(key) : set.delete(key)));
      renderFilters();
      refreshView();
      renderResults();
    }),
  );

  function updateStatus() {
    if (!view) return;
    const { sim, mode, note } = view;
    const rels = sim.pairs.reduce((n, p) => n + p.edges.length, 0);
    const state = sim.running ? "laying out…" : "settled";
    const what = mode === "focus" ? `neighbourhood of ${nameOf(view.focus)}` : "whole graph";
    const status = $("status");
    status.textContent = `${what}: ${sim.n} nodes, ${rels} relationships · ${state}${note ? ` · ${note}` : ""}`;
    // Layout and drawing speed, as attributes tests (and curious users) can read.
    const frames = frameTimes.length ? frameTimes : [0];
    Object.assign(status.dataset, {
      mode,
      state: sim.running ? "running" : "settled",
      nodes: sim.n,
      relationships: rels,
      ticks: sim.ticks,
      msPerTick: (sim.ticks ? sim.tickMs / sim.ticks : 0).toFixed(2),
      msPerFrame: (frames.reduce((a, b) => a + b, 0) / frames.length).toFixed(2),
      maxFrameMs: Math.max(...frames).toFixed(2),
    });
  }

  // ---------------------------------------------------------------- start
  $("title").textContent = DATA.title;
  document.title = DATA.title;
  $("summary").textContent = `${N} nodes, ${edges.length} relationships`;
  $("search").addEventListener("input", renderResults);
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = search($("search").value, 1).hits[0];
      if (first) select(first.i, true);
    } else if (ev.key === "Escape") {
      $("search").value = "";
      renderResults();
    }
  });
  $("show-all").addEventListener("click", showOverview);
  $("fit").addEventListener("click", () => {
    camera.auto = true;
    wake();
  });
  new ResizeObserver(resize).observe(canvas);
  renderFilters();
  renderDetails();
  view = buildOverview();
  resize();

})();
