// The agent's REST API and WebSocket streams, as the panel uses them.
// Every call is same-origin and authenticates with the session cookie set by
// POST /api/session; errors become ApiError with docs/api.md's code/message/field.

/** An error answered by the agent (or a network failure, code "network"). */
export class ApiError extends Error {
  constructor(status, code, message, { field = null, details = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** One line for people: "code: message (field) — retry in N s". */
  describe() {
    let text = this.message;
    if (this.field && this.code !== 'rate_limited') text += ` (field: ${this.field})`;
    if (this.retryAfter != null) text += ` — Retry-After: ${this.retryAfter} s`;
    return text;
  }

  /** Every field at fault: `details` when the agent sent several, else `field`. */
  fieldErrors() {
    if (Array.isArray(this.details) && this.details.length) return this.details;
    return this.field ? [{ field: this.field, message: this.message }] : [];
  }
}

const listeners = new Set();

/** Calls `fn` whenever a request answers 401 (the session ended). */
export function onUnauthorized(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The error of a non-2xx response. */
export async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall back to the status line.
  }
  const error = body && body.error ? body.error : {};
  const retry = response.headers.get('Retry-After');
  return new ApiError(
    response.status,
    error.code || `http_${response.status}`,
    error.message || response.statusText || `HTTP ${response.status}`,
    {
      field: error.field || null,
      details: error.details || null,
      retryAfter: retry != null && retry !== '' && !Number.isNaN(Number(retry)) ? Number(retry) : null,
    },
  );
}

/**
 * One API call. `body` is sent as JSON; `as` is "json" (default), "text" or "none".
 * Throws ApiError on failure; a 401 also notifies `onUnauthorized` listeners
 * unless `quiet401` is set (the login itself).
 */
export async function request(method, path, { body, query, as = 'json', quiet401 = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path + queryString(query), init);
  } catch (cause) {
    throw new ApiError(0, 'network', `cannot reach the agent (${cause.message || cause})`);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !quiet401) listeners.forEach((fn) => fn(error));
    throw error;
  }
  if (as === 'none' || response.status === 204) return null;
  if (as === 'text') return response.text();
  return response.json();
}

const enc = encodeURIComponent;

/** The endpoints of docs/api.md. */
export const api = {
  health: () => request('GET', '/api/health'),
  session: () => request('GET', '/api/session', { quiet401: true }),
  login: (token) => request('POST', '/api/session', { body: { token }, quiet401: true }),
  logout: () => request('DELETE', '/api/session', { as: 'none', quiet401: true }),

  apps: () => request('GET', '/api/apps'),
  app: (name) => request('GET', `/api/apps/${enc(name)}`),
  unit: (name) => request('GET', `/api/apps/${enc(name)}/unit`, { as: 'text' }),
  metrics: (name) => request('GET', `/api/apps/${enc(name)}/metrics`),
  logs: (name, query) => request('GET', `/api/apps/${enc(name)}/logs`, { query }),
  register: (spec) => request('POST', '/api/apps', { body: spec }),
  update: (name, spec, restart) =>
    request('PUT', `/api/apps/${enc(name)}`, { body: spec, query: restart ? { restart: 'true' } : null }),
  remove: (name) => request('DELETE', `/api/apps/${enc(name)}`),
  /** start, stop, restart, enable or disable. */
  operate: (name, action) => request('POST', `/api/apps/${enc(name)}/${action}`),

  runtimes: () => request('GET', '/api/runtimes'),
  scan: (runtime) => request('GET', '/api/scan', { query: { runtime } }),
  events: (limit = 100) => request('GET', '/api/events', { query: { limit } }),
  audit: (limit = 100) => request('GET', '/api/audit', { query: { limit } }),

  tokens: () => request('GET', '/api/tokens'),
  createToken: (name, role) => request('POST', '/api/tokens', { body: { name, role } }),
  deleteToken: (id) => request('DELETE', `/api/tokens/${enc(id)}`),
};

/** ws:// or wss:// URL of a path on this origin. */
export function socketURL(path, query) {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${path}${queryString(query)}`;
}

/** The path and query of the live log stream of an app. */
export function logStreamPath(name, query) {
  return `/logs/${enc(name)}${queryString(query)}`;
}

/**
 * Why a WebSocket upgrade failed: browsers hide the HTTP answer of a refused
 * upgrade, so ask the same URL with a plain GET, which runs the same checks
 * (404, 429, 401…) and answers with docs/api.md's error body.
 */
export async function explainSocketFailure(path) {
  try {
    const response = await fetch(path, { credentials: 'same-origin' });
    if (response.ok) return null;
    const error = await errorFrom(response);
    // 400 means "this is a WebSocket endpoint": the checks passed, the socket failed for another reason.
    return error.status === 400 ? null : error;
  } catch {
    return null;
  }
}

/**
 * A WebSocket that reconnects with backoff until closed: `onMessage(object)`
 * for each JSON text message, `onStatus("connecting"|"open"|"closed"|"retrying", detail)`.
 */
export class LiveSocket {
  constructor(pathFn, { onMessage, onStatus, reconnect = true } = {}) {
    this.pathFn = pathFn;
    this.onMessage = onMessage || (() => {});
    this.onStatus = onStatus || (() => {});
    this.reconnect = reconnect;
    this.socket = null;
    this.closed = false;
    this.attempt = 0;
    this.timer = null;
    this.everOpened = false;
  }

  start() {
    this.closed = false;
    this.connect();
    return this;
  }

  connect() {
    if (this.closed) return;
    const path = this.pathFn(this.everOpened);
    this.onStatus('connecting');
    let opened = false;
    const socket = new WebSocket(socketURL(path));
    this.socket = socket;
    socket.addEventListener('open', () => {
      opened = true;
      this.everOpened = true;
      this.attempt = 0;
      this.onStatus('open');
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let value;
      try {
        value = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(value);
    });
    socket.addEventListener('close', async (event) => {
      if (this.socket !== socket || this.closed) return;
      this.socket = null;
      let reason = event.reason || null;
      let fatal = false;
      if (!opened) {
        const error = await explainSocketFailure(path);
        if (error) {
          reason = error.describe();
          fatal = error.status === 401 || error.status === 403 || error.status === 404;
        }
      }
      if (this.closed) return;
      if (!this.reconnect || fatal) {
        this.onStatus('closed', reason);
        return;
      }
      const delay = Math.min(30000, 1000 * 2 ** Math.min(this.attempt, 5));
      this.attempt += 1;
      this.onStatus('retrying', reason, delay);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }

  /** Ends the socket for good. */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close(1000, 'closed by the panel');
    }
  }
}
