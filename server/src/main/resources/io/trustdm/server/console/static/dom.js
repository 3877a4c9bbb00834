// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so device-supplied values cannot inject markup.

/** Creates an element: h('a', {href: '#/x', class: 'y'}, 'text', childNode, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.substring(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A local, readable time for an ISO instant (or a dash). */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** A table with a header row; rows are arrays of cells (strings or nodes). */
export function table(id, headers, rows, rowAttrs = () => ({})) {
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.map((r, i) => h('tr', rowAttrs(i), r.map((c, j) => h('td', { 'data-label': headers[j] }, c)))))));
}

/** The state shown when a list is empty. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** The state shown when a request failed: the problem's title and detail. */
export function failure(err) {
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, err.title || 'Request failed'), ' ', err.detail || err.message || '');
}

/** A SyncML status code with its colour class (2xx good, -1 unanswered, other bad). */
export function statusBadge(code) {
  const cls = code >= 200 && code < 300 ? 'ok' : code === -1 ? 'pending' : 'bad';
  return h('span', { class: `badge ${cls}`, 'data-status': code }, code === -1 ? 'no answer' : String(code));
}
