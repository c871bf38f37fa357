// The panel's entry point: session, shell (banners, live indicator), hash
// router and the shared context every view receives.

import { api, onUnauthorized, LiveSocket } from './api.js';
import { h, replace, setText, toast } from './dom.js';
import * as dashboard from './views/dashboard.js';
import * as detail from './views/detail.js';
import * as register from './views/register.js';
import * as logs from './views/logs.js';
import * as scan from './views/scan.js';
import * as events from './views/events.js';
import * as tokens from './views/tokens.js';

const $ = (id) => document.getElementById(id);
const ROLE_RANK = { viewer: 0, operator: 1, admin: 2 };
const HEALTH_INTERVAL_MS = 15000;

// MARK: - Shared context

/** What views get: the session, role checks, live events, navigation and drafts. */
const ctx = {
  session: null,
  health: null,
  /** A spec draft handed from one view to the register form (Adopt). */
  draft: null,
  /** Whether the session's role is at least `role`. */
  can(role) {
    return !!this.session && (ROLE_RANK[this.session.role] ?? -1) >= ROLE_RANK[role];
  },
  navigate(hash) {
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  },
  events: {
    listeners: new Set(),
    /** Calls `fn(event)` for each live event; returns the unsubscribe function. */
    subscribe(fn) {
      this.listeners.add(fn);
      return () => this.listeners.delete(fn);
    },
    emit(event) {
      this.listeners.forEach((fn) => {
        try {
          fn(event);
        } catch (error) {
          console.error(error);
        }
      });
    },
  },
};

// MARK: - Router

const routes = [
  { pattern: /^#?\/?$/, view: dashboard, nav: 'apps' },
  { pattern: /^#\/apps\/?$/, view: dashboard, nav: 'apps' },
  { pattern: /^#\/apps\/([^/]+)\/logs$/, view: logs, nav: 'apps' },
  { pattern: /^#\/apps\/([^/]+)\/edit$/, view: register, nav: 'apps', edit: true },
  { pattern: /^#\/apps\/([^/]+)$/, view: detail, nav: 'apps' },
  { pattern: /^#\/register$/, view: register, nav: 'register' },
  { pattern: /^#\/scan$/, view: scan, nav: 'scan' },
  { pattern: /^#\/events$/, view: events, nav: 'events' },
  { pattern: /^#\/tokens$/, view: tokens, nav: 'tokens' },
];

let cleanup = null;
let routeSerial = 0;

async function route() {
  if (!ctx.session) return;
  const hash = window.location.hash || '#/apps';
  const serial = ++routeSerial;
  if (cleanup) {
    try {
      cleanup();
    } catch (error) {
      console.error(error);
    }
    cleanup = null;
  }
  const container = $('view');
  replace(container);
  let match = null;
  let found = null;
  for (const candidate of routes) {
    match = hash.match(candidate.pattern);
    if (match) {
      found = candidate;
      break;
    }
  }
  document.querySelectorAll('.sidebar a[data-nav]').forEach((link) => {
    link.classList.toggle('active', !!found && link.dataset.nav === found.nav);
  });
  if (!found) {
    replace(container, h('div', { class: 'empty' }, h('h2', { text: 'Page not found' }), h('a', { href: '#/apps', text: 'Back to applications' })));
    return;
  }
  const params = { name: match[1] ? decodeURIComponent(match[1]) : null, edit: !!found.edit };
  try {
    const result = await found.view.mount(container, ctx, params);
    if (serial !== routeSerial) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (error) {
    console.error(error);
    replace(container, h('div', { class: 'empty' }, h('h2', { text: 'Something went wrong' }), h('p', { class: 'muted', text: String(error.message || error) })));
  }
}

// MARK: - Health: sandbox badge and privilege banner

function renderBanners(health, unreachable) {
  const host = $('banners');
  replace(host);
  if (unreachable) {
    host.appendChild(h('div', { class: 'banner banner-error', role: 'alert' },
      h('strong', { text: 'Agent unreachable. ' }), h('span', { text: unreachable })));
  }
  if (health && health.privileges && health.privileges.ok === false) {
    host.appendChild(h('div', { class: 'banner banner-warning', role: 'alert', id: 'privileges-banner' },
      h('strong', { text: 'Insufficient privileges: ' }),
      h('span', { text: 'the agent cannot manage systemd units. ' }),
      h('span', { class: 'banner-detail', text: health.privileges.detail || '' })));
  }
}

async function refreshHealth() {
  try {
    const health = await api.health();
    ctx.health = health;
    $('sandbox-badge').hidden = !health.sandbox;
    $('login-sandbox').hidden = !health.sandbox;
    setText($('agent-info'), `v${health.version} · ${health.backend}`);
    renderBanners(health, null);
  } catch (error) {
    renderBanners(ctx.health, error.describe ? error.describe() : String(error));
  }
}

// MARK: - Live events

let eventSocket = null;

function setLive(status, detail) {
  const indicator = $('live-indicator');
  indicator.dataset.status = status;
  const text = { open: 'live', connecting: 'connecting', retrying: 'reconnecting', closed: 'offline' }[status] || status;
  setText(indicator.querySelector('.live-text'), text);
  indicator.title = detail ? `Live event stream: ${text} (${detail})` : `Live event stream: ${text}`;
}

function startEvents() {
  stopEvents();
  eventSocket = new LiveSocket(() => '/api/events/stream', {
    onMessage: (event) => ctx.events.emit(event),
    onStatus: setLive,
  }).start();
}

function stopEvents() {
  if (eventSocket) eventSocket.close();
  eventSocket = null;
}

// MARK: - Session

let healthTimer = null;

function showLogin(message) {
  ctx.session = null;
  stopEvents();
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  $('shell').hidden = true;
  $('login').hidden = false;
  const error = $('login-error');
  error.hidden = !message;
  setText(error, message || '');
  $('login-token').value = '';
  $('login-token').focus();
}

function showShell(session) {
  ctx.session = session;
  $('login').hidden = true;
  $('shell').hidden = false;
  replace($('user-info'),
    h('span', { class: 'user-name', text: session.name }),
    h('span', { class: `role role-${session.role}`, text: session.role }));
  document.querySelectorAll('.sidebar a[data-role]').forEach((link) => {
    link.hidden = !ctx.can(link.dataset.role);
  });
  startEvents();
  // A page the new session may not use (after logging in with another token) falls back to the apps.
  const hash = window.location.hash;
  if (!ctx.can('admin') && (/^#\/(register|tokens)$/.test(hash) || /\/edit$/.test(hash))) {
    window.history.replaceState(null, '', '#/apps');
  }
  route();
}

async function login(event) {
  event.preventDefault();
  const input = $('login-token');
  const button = $('login-submit');
  const token = input.value.trim();
  if (!token) {
    showLogin('Enter a token.');
    return;
  }
  button.disabled = true;
  setText(button, 'Logging in…');
  try {
    const session = await api.login(token);
    input.value = '';
    showShell(session);
  } catch (error) {
    const error_ = $('login-error');
    error_.hidden = false;
    setText(error_, error.status === 401 ? 'That token is not valid.' : error.describe());
  } finally {
    button.disabled = false;
    setText(button, 'Log in');
  }
}

async function logout() {
  try {
    await api.logout();
  } catch (error) {
    toast(`Logout: ${error.describe()}`, 'error');
  }
  showLogin(null);
}

async function start() {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  onUnauthorized(() => {
    if (ctx.session) showLogin('Your session has ended. Log in again.');
  });
  await refreshHealth();
  healthTimer = setInterval(refreshHealth, HEALTH_INTERVAL_MS);
  try {
    showShell(await api.session());
  } catch (error) {
    showLogin(error.status === 401 || error.status === 403 ? null : error.describe());
  }
}

window.addEventListener('beforeunload', () => {
  clearInterval(healthTimer);
  stopEvents();
});

start();
