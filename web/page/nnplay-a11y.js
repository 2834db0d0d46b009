// nnplay-a11y.js: each playground's controls for screen readers and the
// keyboard. The App lists the controls it drew in its last frame (role, name,
// value, rectangle: web/app/a11y.h, from Dear ImGui's item hooks and the
// widgets' own notes); this script mirrors that list as transparent native
// DOM nodes over the canvas, in the same order (buttons, checkboxes, radios,
// tabs in a tablist, <input type=range> sliders with their value as text,
// <select> boxes with every choice, text inputs), the way Flutter's web
// engine puts ARIA nodes over its canvas. Operating a node (a click, a screen
// reader's activate/increment/set value, a keyboard) goes back to the App,
// which applies it through the widget as a mouse's would. A focused node gets
// a visible ring. A visually hidden region says in words what the views draw.
//
// What it does not do: draw, or change the canvas's own keys (Space, S, R,
// Escape) and a guest's manners (nnplay-embed.js keeps those); drawing a
// digit on the pad has no keyboard equivalent.
//
// nnplay-embed.js loads it (index.html lists it, so the one-file page carries
// it inline) and calls nnplayA11y.attach({root, canvas, call, api, name}).
(function () {
  "use strict";
  const POLL_MS = 250;

  function el(tag, cls, parent) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  function attach(p) {
    const { root, canvas, call, api } = p;
    const layer = el("div", "nnplay-a11y", root);
    layer.setAttribute("role", "group");
    layer.setAttribute("aria-label", p.name + ": controls");
    const ring = el("div", "nnplay-a11y-ring", root);
    ring.hidden = true;
    const words = el("section", "nnplay-sr-only", root);
    words.setAttribute("aria-label", p.name + ": what the views show");
    let version = -1;
    const nodes = new Map();   // item id -> {item, node}
    let lastEdit = 0;          // a slider or field edited here: its own value holds a moment

    const act = (id, action, value) => call("nnplay_a11y_act", "string", ["number", "string", "number"], [id, action, value || 0]);

    function make(item) {
      let n;
      switch (item.role) {
        case "slider":
          n = el("input");
          n.type = "range"; n.min = "0"; n.max = "100"; n.step = "1";
          n.addEventListener("input", () => { lastEdit = performance.now(); act(n._id, "position", Number(n.value) / 100); });
          break;
        case "combobox":
          n = el("select");
          n.addEventListener("change", () => { lastEdit = performance.now(); act(n._id, "choose", n.selectedIndex); });
          break;
        case "textbox":
          n = el("input");
          n.type = "text";
          n.autocomplete = "off";
          n.spellcheck = false;
          n.addEventListener("keydown", (e) => {
            e.stopPropagation();  // the page's keys stay out of a field being typed in
            if (e.key === "Enter") applyText(n);
            else if (e.key === "Escape") { n.value = n._item.value || ""; n.blur(); }
          });
          n.addEventListener("input", () => { lastEdit = performance.now(); });
          n.addEventListener("change", () => applyText(n));
          break;
        default:
          n = el("button");
          n.type = "button";
          if (item.role === "checkbox" || item.role === "radio" || item.role === "tab") n.setAttribute("role", item.role);
          n.addEventListener("click", () => act(n._id, "activate"));
      }
      n.classList.add("nnplay-a11y-node");
      n.addEventListener("focus", () => place(ring, n._item));
      n.addEventListener("blur", () => { ring.hidden = true; });
      return n;
    }

    function applyText(n) {
      if (n.value === (n._item.value || "")) return;
      const err = call("nnplay_apply_text_field", "string", ["number", "string"], [n._id, n.value]);
      if (err) { n.setAttribute("aria-invalid", "true"); n.setAttribute("aria-description", err); }
      else { n.removeAttribute("aria-invalid"); n.removeAttribute("aria-description"); }
    }

    function place(e, item) {
      e.hidden = false;
      Object.assign(e.style, { left: item.x + "px", top: item.y + "px", width: Math.max(item.w, 1) + "px",
                               height: Math.max(item.h, 1) + "px" });
    }

    function update(item, n) {
      const focused = document.activeElement === n;
      n._id = item.id;
      n._item = item;
      place(n, item);
      if (focused) place(ring, item);
      const name = item.name || item.role;
      n.setAttribute("aria-label", name);
      if (item.description) n.setAttribute("aria-description", item.description);
      else n.removeAttribute("aria-description");
      n.disabled = !!item.disabled;
      const holding = focused && performance.now() - lastEdit < 1500;
      switch (item.role) {
        case "slider":
          if (!holding) n.value = String(Math.round(100 * item.position));
          n.setAttribute("aria-valuetext", item.value || "");
          break;
        case "combobox": {
          const want = item.choices.join("\n");
          if (n._choices !== want) {
            n.replaceChildren(...item.choices.map((c) => { const o = el("option"); o.textContent = c; return o; }));
            n._choices = want;
          }
          if (!holding) n.selectedIndex = item.chosen;
          break;
        }
        case "textbox":
          if (!focused) n.value = item.value || "";
          break;
        case "checkbox": case "radio": case "tab":
          n.setAttribute(item.role === "tab" ? "aria-selected" : "aria-checked", item.checked ? "true" : "false");
          break;
        case "header":
          n.setAttribute("aria-expanded", item.checked ? "true" : "false");
          break;
      }
    }

    function poll() {
      if (document.hidden) return;
      let json;
      try { json = call("nnplay_a11y_tree", "string", ["number"], [version]); } catch (e) { return; }
      if (!json) return;
      const tree = JSON.parse(json);
      version = tree.version;
      // Moving a focused node in the DOM takes its focus away: it is given back below.
      const hadFocus = layer.contains(document.activeElement) ? document.activeElement : null;
      const seen = new Set();
      let list = layer, at = 0;  // tabs side by side go into one tablist
      const place_ = (parent, n) => { if (parent.children[parent === layer ? at : parent._at] !== n) parent.insertBefore(n, parent.children[parent === layer ? at : parent._at] || null); };
      const lists = [];
      for (const item of tree.items) {
        seen.add(item.id);
        let rec = nodes.get(item.id);
        if (!rec || rec.role !== item.role) {
          if (rec) rec.node.remove();
          rec = { role: item.role, node: make(item) };
          nodes.set(item.id, rec);
        }
        update(item, rec.node);
        if (item.role === "tab") {
          if (list === layer) {
            list = layer.children[at] && layer.children[at].classList.contains("nnplay-a11y-tabs") ? layer.children[at] : null;
            if (!list) { list = el("div", "nnplay-a11y-tabs"); list.setAttribute("role", "tablist"); layer.insertBefore(list, layer.children[at] || null); }
            list._at = 0;
            lists.push(list);
            at++;
          }
          place_(list, rec.node);
          list._at++;
        } else {
          if (list !== layer) { while (list.children.length > list._at) list.lastChild.remove(); list = layer; }
          place_(layer, rec.node);
          at++;
        }
      }
      if (list !== layer) while (list.children.length > list._at) list.lastChild.remove();
      for (const [id, rec] of nodes) {
        if (seen.has(id)) continue;
        if (document.activeElement === rec.node) canvas.focus({ preventScroll: true });  // its control went: the focus stays in the playground
        rec.node.remove();
        nodes.delete(id);
      }
      while (layer.children.length > at) layer.lastChild.remove();
      for (const l of lists) l.setAttribute("aria-label", "Views");
      if (hadFocus && hadFocus.isConnected && document.activeElement !== hadFocus) hadFocus.focus({ preventScroll: true });
    }

    // ---- the views in words ------------------------------------------------------------
    const pct = (x) => (100 * x).toFixed(1) + "%";
    const num = (x) => (typeof x === "number" ? (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2)) : "none");
    let lastWords = "";
    function describe() {
      if (document.hidden) return;
      let s;
      try { s = api.state(); } catch (e) { return; }
      if (!s || !s.status || s.status === "loading") return;
      const parts = [];
      const sm = s.sample;
      if (sm && sm.label !== undefined && sm.label !== null) {
        const out = Array.isArray(sm.outputs) && sm.predicted !== null && sm.predicted !== undefined ? sm.outputs[sm.predicted] : null;
        parts.push(["p", `Selected sample: ${sm.source === "drawn" ? "the drawn digit" : "test image " + sm.index}, a ${sm.label}: ` +
          `the network says ${sm.predicted}` + (typeof out === "number" ? `, output ${out.toFixed(2)}` : "") + "."]);
      }
      parts.push(["p", `Curves: step ${s.step}, epoch ${s.epoch}, training cost ${num(s.train_cost)}, test cost ${num(s.test_cost)}, ` +
        `test accuracy ${typeof s.test_accuracy === "number" ? pct(s.test_accuracy) : "not measured yet"}.`]);
      if (s.diagram && Array.isArray(s.diagram.columns))
        parts.push(["p", "Network diagram: layers of " + s.diagram.columns.map((c) => c.width).join(", ") + " neurons" +
          (s.diagram.total_edges ? `, ${s.diagram.total_edges.toLocaleString("en-US")} connections` : "") + "."]);
      if (s.gradient && Array.isArray(s.gradient.components) && s.gradient.components.length)
        parts.push(["ul", "Largest gradient components", s.gradient.components.slice(0, 10).map((c) =>
          `layer ${c.layer + 1}, neuron ${c.neuron}, ${c.input < 0 ? "bias" : "weight from input " + c.input}: dC/dw ${num(c.value)}`)]);
      const n = s.neuron;
      if (n && typeof n === "object" && Array.isArray(n.terms))
        parts.push(["ul", `Neuron ${n.index} of ${n.output ? "the output layer" : "layer " + n.layer} (${n.activation}): ` +
          `weighted sum ${num(n.weighted_sum)} plus bias ${num(n.bias)} gives z ${num(n.z)}, its output ${num(n.value)}` +
          (n.all_terms ? ". Its terms" : `. Its ${n.terms.length} largest terms of ${n.inputs}`),
          n.terms.slice(0, 12).map((t) => `input ${t.input}: a ${num(t.a)} times w ${num(t.w)} is ${num(t.a * t.w)}`)]);
      if (s.confusion && Array.isArray(s.confusion.counts)) parts.push(["table", s.confusion.counts]);
      if (s.gallery && Array.isArray(s.gallery.first) && s.gallery.first.length)
        parts.push(["p", `Gallery: ${s.gallery.count} images shown; the first: test images ${s.gallery.first.slice(0, 10).join(", ")}.`]);
      const key = JSON.stringify(parts);
      if (key === lastWords) return;
      lastWords = key;
      words.replaceChildren();
      for (const [kind, a, b] of parts) {
        if (kind === "p") el("p", "", words).textContent = a;
        else if (kind === "ul") {
          el("p", "", words).textContent = a + ":";
          const ul = el("ul", "", words);
          for (const t of b) el("li", "", ul).textContent = t;
        } else if (kind === "table") {
          const t = el("table", "", words);
          el("caption", "", t).textContent = "Confusion matrix: rows the true digit, columns the network's answer";
          const head = el("tr", "", el("thead", "", t));
          el("td", "", head);
          a.forEach((_, j) => { const th = el("th", "", head); th.scope = "col"; th.textContent = "answer " + j; });
          const body = el("tbody", "", t);
          a.forEach((row, i) => {
            const tr = el("tr", "", body);
            const th = el("th", "", tr); th.scope = "row"; th.textContent = "true " + i;
            for (const v of row) el("td", "", tr).textContent = String(v);
          });
        }
      }
    }

    setInterval(poll, POLL_MS);
    setInterval(describe, 2000);
    poll();
    describe();
    return { poll, layer, words };
  }

  window.nnplayA11y = { attach };
})();
