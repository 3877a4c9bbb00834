// The console's only way to the server: the REST API at /api/v1 with the bearer token kept in sessionStorage
// (gone when the tab closes; never in localStorage, cookies or the URL after login).

const KEY = 'trustdm.apiToken';
const BASE = new URL('../api/v1', document.baseURI).pathname;

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(t) {
  sessionStorage.setItem(KEY, t);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** An API failure: the RFC 9457 problem the server sent (or a network failure). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
  }
}

/** Calls the API; resolves with the parsed JSON (or null for 204), rejects with ApiError. */
export async function api(path, { method = 'GET', body, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(BASE + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, { title: 'Server unreachable', detail: String(e.message || e) });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { title: `HTTP ${res.status}`, detail: text }; }
  if (!res.ok) {
    if (res.status === 401 && !quiet401) window.dispatchEvent(new CustomEvent('trustdm:unauthorized'));
    throw new ApiError(res.status, json || {});
  }
  return json;
}

/**
 * POSTs to a route that answers with a file and resolves with {blob, filename}; rejects with ApiError. The bytes go
 * straight into a Blob for the browser to save: they are never put into the page.
 */
export async function download(path) {
  const headers = { Accept: 'application/octet-stream, application/problem+json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  let res;
  try {
    res = await fetch(BASE + path, { method: 'POST', headers, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, { title: 'Server unreachable', detail: String(e.message || e) });
  }
  if (!res.ok) {
    let json = {};
    try { json = await res.json(); } catch { json = { title: `HTTP ${res.status}` }; }
    if (res.status === 401) window.dispatchEvent(new CustomEvent('trustdm:unauthorized'));
    throw new ApiError(res.status, json);
  }
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
  return { blob: await res.blob(), filename: m ? m[1] : 'download.bin' };
}

/** Encodes one path segment (device identities contain ':' and may contain other reserved characters). */
export function seg(s) {
  return encodeURIComponent(s);
}
