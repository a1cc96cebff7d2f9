/* report-drafter: the report form. Plain JavaScript, no build step, no outside files. */
"use strict";

(function () {
  const configNode = document.getElementById("form-config");
  if (!configNode) return;
  const cfg = JSON.parse(configNode.textContent);
  let data = cfg.data;
  let version = cfg.version;
  let timer = null;
  let lastChecked = cfg.checked;
  const refs = {};

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function join(prefix, key) { return prefix ? prefix + "." + key : key; }

  function collectRefs(spec) {
    if (!spec || typeof spec !== "object") return;
    if (spec.ref && spec.fields) refs[spec.ref] = spec;
    (spec.fields || []).forEach(collectRefs);
    if (spec.of) collectRefs(spec.of);
  }

  function resolve(spec) { return spec.type === "ref" ? refs[spec.ref] : spec; }

  let dirty = false;

  function changed() {
    dirty = true;
    document.getElementById("status").textContent = "Có thay đổi chưa lưu.";
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  }

  function inherited(path) {
    if (!path || path.includes("[")) return "";
    let v = cfg.defaults || {};
    for (const part of path.split(".")) {
      if (!v || typeof v !== "object" || Array.isArray(v)) return "";
      v = v[part];
    }
    return typeof v === "string" ? v : "";
  }

  const FIGURES = ["actual", "previous", "growth", "ratio", "value"];

  function scalarInput(spec, holder, key, path) {
    const value = holder[key];
    const fromDefaults = inherited(path);
    if (value !== undefined && value !== null && typeof value !== "string") {
      return el("span", { class: "handwritten", "data-path": path },
        "(giá trị viết tay trong tệp; sửa trực tiếp tệp YAML)");
    }
    let input;
    const set = (e) => { holder[key] = e.target.value; changed(); };
    if (spec.type === "choice") {
      input = el("select", { "data-path": path, onchange: set });
      const options = spec.options.slice();
      if (value && !options.some((o) => o[0] === value)) options.push([value, value]);
      for (const [v, label] of options) {
        const shown = v === "" && fromDefaults ? `(theo _defaults.yaml: ${fromDefaults})` : label;
        input.append(el("option", { value: v, selected: (value || "") === v }, shown));
      }
    } else if (spec.type === "long") {
      input = el("textarea", { "data-path": path, rows: Math.min(8, Math.max(2, Math.ceil((value || "").length / 85))), oninput: set,
        placeholder: fromDefaults ? `theo _defaults.yaml: ${fromDefaults}` : undefined });
      input.value = value || "";
    } else {
      input = el("input", {
        type: "text", "data-path": path, oninput: set,
        inputmode: spec.type === "number" ? "decimal" : undefined,
        class: spec.type === "number" ? "number" : undefined,
        placeholder: fromDefaults ? `theo _defaults.yaml: ${fromDefaults}`
          : FIGURES.includes(String(key)) ? "1.234,5" : undefined,
      });
      input.value = value || "";
    }
    return input;
  }

  function field(spec, holder, path) {
    spec = resolve(spec);
    const key = spec.key;
    const here = join(path, key);
    if (spec.type === "group") {
      if (holder[key] === undefined || holder[key] === null || holder[key] === "") holder[key] = {};
      if (typeof holder[key] !== "object" || Array.isArray(holder[key])) {
        return el("div", { class: "field" }, el("span", { class: "label" }, spec.label), scalarInput({}, holder, key, here));
      }
      if (OPTIONAL.includes(key)) {
        const box = el("details", { class: "group optional", "data-path": here, open: !isEmpty(holder[key]) },
          el("summary", {}, spec.label));
        group(spec, holder[key], here, box);
        return box;
      }
      const box = el("fieldset", { class: "group", "data-path": here }, el("legend", {}, spec.label));
      if (spec.hint) box.append(el("p", { class: "hint" }, spec.hint));
      group(spec, holder[key], here, box);
      return box;
    }
    if (spec.type === "list") return list(spec, holder, key, here);
    const wrap = el("label", { class: "field", "data-field": here },
      el("span", { class: "label" }, spec.label), scalarInput(spec, holder, key, here));
    if (spec.hint) wrap.append(el("span", { class: "hint" }, spec.hint));
    return wrap;
  }

  const OPTIONAL = ["table", "review", "parts"];

  function isEmpty(v) {
    if (v === null || v === undefined) return true;
    if (typeof v === "string") return !v.trim();
    return Object.values(v).every(isEmpty);
  }

  function group(spec, obj, path, box) {
    for (const f of spec.fields) box.append(field(f, obj, path));
    return box;
  }

  function emptyOf(spec) {
    spec = resolve(spec);
    if (spec.type === "group") return {};
    if (spec.type === "list") return [];
    return "";
  }

  function list(spec, holder, key, path) {
    if (holder[key] === undefined || holder[key] === null || holder[key] === "") holder[key] = [];
    const box = el("fieldset", { class: "list", "data-path": path }, el("legend", {}, spec.label));
    if (!Array.isArray(holder[key])) {
      box.append(scalarInput({}, holder, key, path));
      return box;
    }
    const items = holder[key];
    const body = el("div", { class: "items" });
    const draw = () => {
      body.replaceChildren();
      if (spec.layout === "table") body.append(indicatorTable(spec, items, path, draw));
      else items.forEach((item, i) => body.append(listItem(spec, items, i, path, draw)));
      placeProblems(lastChecked);
    };
    draw();
    box.append(body, el("button", {
      type: "button", class: "add", "data-add": path,
      onclick: () => { items.push(emptyOf(spec.of)); draw(); changed(); },
    }, "+ " + (spec.add || "Thêm")));
    return box;
  }

  function removeButton(items, i, draw) {
    const up = i > 0 ? el("button", { type: "button", class: "up", title: "Chuyển lên trên",
      onclick: () => { items.splice(i - 1, 0, items.splice(i, 1)[0]); draw(); changed(); } }, "↑") : null;
    return el("span", { class: "item-buttons" }, up, el("button", { type: "button", class: "remove", title: "Xóa",
      onclick: () => { items.splice(i, 1); draw(); changed(); } }, "×"));
  }

  function listItem(spec, items, i, path, draw) {
    const of = resolve(spec.of);
    const here = path + "[" + i + "]";
    const row = el("div", { class: "item" });
    if (of.type === "group") {
      if (typeof items[i] !== "object" || items[i] === null || Array.isArray(items[i])) {
        row.append(scalarInput({}, items, i, here));
      } else {
        row.append(group(of, items[i], here, el("fieldset", { class: "group", "data-path": here })));
      }
    } else if (of.type === "list") {
      const holder = { v: items[i] };
      const inner = list(Object.assign({}, of, { key: "v" }), holder, "v", here);
      items[i] = holder.v;
      row.append(inner);
    } else {
      const input = scalarInput(of, items, i, here);
      input.setAttribute("aria-label", `${spec.label} ${i + 1}`);
      row.append(input);
    }
    row.append(removeButton(items, i, draw));
    return row;
  }

  const MAIN = ["name", "unit", "actual", "previous", "estimated"];

  function indicatorTable(spec, items, path, draw) {
    const of = resolve(spec.of);
    const byKey = Object.fromEntries(of.fields.map((f) => [f.key, f]));
    const table = el("table", { class: "indicators" });
    table.append(el("thead", {}, el("tr", {}, ...MAIN.map((k) => el("th", {}, byKey[k].label)), el("th", {}, ""))));
    const tbody = el("tbody");
    items.forEach((item, i) => {
      const here = path + "[" + i + "]";
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        tbody.append(el("tr", {}, el("td", { colspan: MAIN.length + 1 }, scalarInput({}, items, i, here))));
        return;
      }
      const row = el("tr", { class: "indicator", "data-path": here });
      for (const k of MAIN) {
        const input = scalarInput(byKey[k], item, k, here + "." + k);
        input.setAttribute("aria-label", `${byKey[k].label} (chỉ tiêu ${i + 1})`);
        row.append(el("td", { "data-field": here + "." + k }, input));
      }
      row.append(el("td", {}, removeButton(items, i, draw)));
      const more = el("details", { class: "more" }, el("summary", {}, "Kế hoạch, mã, cách so sánh…"));
      for (const f of of.fields) if (!MAIN.includes(f.key)) more.append(field(f, item, here));
      const sentence = el("p", { class: "sentence", "data-sentence": i });
      tbody.append(row, el("tr", { class: "indicator-more" }, el("td", { colspan: MAIN.length + 1 }, sentence, more)));
    });
    table.append(tbody);
    return table;
  }

  function clearProblems() {
    document.querySelectorAll(".field-error").forEach((e) => e.remove());
    document.querySelectorAll(".has-error").forEach((e) => e.classList.remove("has-error"));
  }

  function findTarget(path) {
    let p = path;
    while (p) {
      const found = document.querySelector('[data-path="' + CSS.escape(p) + '"]');
      if (found) return found;
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function placeProblems(checked) {
    if (!checked) return;
    clearProblems();
    const summary = document.getElementById("summary");
    summary.replaceChildren();
    const loose = [];
    let errors = 0, warnings = 0;
    for (const p of checked.problems) {
      if (p.severity === "error") errors++; else warnings++;
      const target = p.file === cfg.rel && p.path ? findTarget(p.path) : null;
      if (!target) { loose.push(p); continue; }
      const note = el("div", { class: "field-error " + p.severity, "data-problem": p.path },
        (p.severity === "warning" ? "Cảnh báo: " : "") + p.message);
      const holder = target.closest("[data-field]") || target;
      holder.classList.add("has-error");
      if (holder.tagName === "FIELDSET") holder.insertBefore(note, holder.children[1] || null);
      else holder.append(note);
      const details = holder.closest("details");
      if (details) details.open = true;
    }
    summary.append(el("p", { class: errors ? "error" : "ok", id: "problem-count" },
      errors ? `Còn ${errors} lỗi, ${warnings} cảnh báo (xem ở từng ô).`
        : warnings ? `Hợp lệ, ${warnings} cảnh báo.` : "Hợp lệ."));
    if (loose.length) {
      summary.append(el("ul", { class: "loose" }, ...loose.map((p) => el("li", { class: p.severity }, p.text))));
    }
    document.querySelectorAll("[data-sentence]").forEach((e) => {
      e.textContent = (checked.sentences || [])[Number(e.dataset.sentence)] || "";
    });
  }

  function payload() {
    if (cfg.raw) return { text: document.getElementById("raw-text").value, version };
    return { data, version };
  }

  async function post(url, body) {
    const resp = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": cfg.csrf, "Accept": "application/json" },
      body: JSON.stringify(body),
    });
    let json = {};
    try { json = await resp.json(); } catch (e) { json = { error: "Máy chủ trả lời không đọc được." }; }
    return [resp.status, json];
  }

  let asked = 0;

  async function check() {
    const mine = ++asked;                          // an older answer never replaces a newer one
    const [status, json] = await post(cfg.urls.check, payload());
    if (status === 200 && mine === asked) { lastChecked = json; placeProblems(json); }
  }

  async function save() {
    clearTimeout(timer);
    asked++;                                       // a check still under way is outdated by the save
    const statusLine = document.getElementById("status");
    statusLine.textContent = "Đang lưu…";
    const [status, json] = await post(cfg.urls.save, payload());
    if (status === 409) {
      statusLine.textContent = "Chưa lưu.";
      document.getElementById("conflict").hidden = false;
      document.getElementById("conflict-message").textContent = json.error;
      document.getElementById("conflict-diff").textContent = json.diff;
      return;
    }
    if (status !== 200) { statusLine.textContent = json.error || "Không lưu được."; return; }
    version = json.version;
    dirty = false;
    lastChecked = json;
    placeProblems(json);
    statusLine.textContent = json.saved ? "Đã lưu." : "Đã lưu (không có thay đổi).";
    statusLine.dataset.saved = String(Date.now());
    if (json.ok) preview();                       // the pages follow every save
  }

  async function preview() {
    const line = document.getElementById("preview-status");
    const pages = document.getElementById("pages");
    line.textContent = "Đang tạo hình các trang…";
    const resp = await fetch(cfg.urls.preview, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const json = await resp.json().catch(() => ({}));
    if (!resp.ok) { line.textContent = json.error || "Không tạo được hình các trang."; return; }
    if (json.pdf) {                                // the server has no pdftoppm: show the PDF
      pages.replaceChildren(el("iframe", { src: json.pdf, class: "pdf", title: "Văn bản (PDF)" }));
      line.textContent = "Văn bản dạng PDF.";
      return;
    }
    pages.replaceChildren(...json.pages.map((src, i) => el("img", { src, alt: "Trang " + (i + 1), class: "page" })));
    line.textContent = `${json.pages.length} trang.`;
  }

  collectRefs(cfg.schema);
  if (!cfg.raw) {
    const root = document.getElementById("form-root");
    group(cfg.schema, data, "", root);
  } else {
    document.getElementById("raw-text").addEventListener("input", changed);
  }
  placeProblems(lastChecked);
  document.getElementById("save").addEventListener("click", save);
  window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  for (const id of ["download-docx", "download-pdf", "preview-button"]) {
    document.getElementById(id).addEventListener("click", () => {
      if (dirty) document.getElementById("status").textContent =
        "Có thay đổi chưa lưu: văn bản và hình các trang là của bản đã lưu. Bấm «Lưu» trước.";
    });
  }
  document.getElementById("preview-button").addEventListener("click", preview);
})();
