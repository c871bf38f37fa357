// The panel's entry point: language, session, shell (banners, menu, live
// indicator, alert notifications), the path router (History API) and the
// shared context every view receives.

import { api, onUnauthorized, LiveSocket } from './api.js';
import { h, replace, setText, toast } from './dom.js';
import { initLanguage, language, LANGUAGES, setLanguage, t } from './i18n.js';
import { applyStatic } from './static-text.js';
import { noteReason, showAlert } from './notifications.js';
import { ruleOf } from './privileges.js';
import * as dashboard from './views/dashboard.js';
import * as detail from './views/detail.js';
import * as register from './views/register.js';
import * as logs from './views/logs.js';
import * as systemLog from './views/system-log.js';
import * as scan from './views/scan.js';
import * as select from './views/select.js';
import * as events from './views/events.js';
import * as tokens from './views/tokens.js';

const $ = (id) => document.getElementById(id);
const ROLE_RANK = { viewer: 0, operator: 1, admin: 2 };
const HEALTH_INTERVAL_MS = 15000;

// MARK: - Shared context

/** What views get: the session, role and privilege checks, live events, navigation and drafts. */
const ctx = {
  session: null,
  health: null,
  /** A spec draft handed from one view to the register form (Adopt). */
  draft: null,
  /** Whether the session's role is at least `role`. */
  can(role) {
    return !!this.session && (ROLE_RANK[this.session.role] ?? -1) >= ROLE_RANK[role];
  },
  /** Whether the agent can act on systemd (false when its privilege check failed). */
  privileged() {
    return !(this.health && this.health.privileges && this.health.privileges.ok === false);
  },
  /** Goes to a panel path (`/apps/shop-api`), adding a history entry. */
  navigate(path) {
    if (window.location.pathname + window.location.search !== path) window.history.pushState(null, '', path);
    route();
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
  { pattern: /^\/$/, view: dashboard, nav: 'apps' },
  { pattern: /^\/apps$/, view: dashboard, nav: 'apps' },
  { pattern: /^\/apps\/([^/]+)\/logs$/, view: logs, nav: 'apps' },
  { pattern: /^\/apps\/([^/]+)\/edit$/, view: register, nav: 'apps', edit: true },
  { pattern: /^\/apps\/([^/]+)$/, view: detail, nav: 'apps' },
  { pattern: /^\/register$/, view: register, nav: 'register' },
  { pattern: /^\/select$/, view: select, nav: 'select' },
  { pattern: /^\/scan$/, view: scan, nav: 'scan' },
  { pattern: /^\/logs$/, view: systemLog, nav: 'logs' },
  { pattern: /^\/events$/, view: events, nav: 'events' },
  { pattern: /^\/tokens$/, view: tokens, nav: 'tokens' },
];

/** Whether a same-origin path is one of the panel's pages. */
function isPanelPath(path) {
  const clean = path.replace(/\/+$/, '') || '/';
  return routes.some((candidate) => candidate.pattern.test(clean));
}

let cleanup = null;
let routeSerial = 0;

async function route() {
  if (!ctx.session) return;
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  const serial = ++routeSerial;
  closeMenu();
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
    match = path.match(candidate.pattern);
    if (match) {
      found = candidate;
      break;
    }
  }
  document.querySelectorAll('.sidebar a[data-nav]').forEach((link) => {
    const active = !!found && link.dataset.nav === found.nav;
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  if (!found) {
    replace(container, h('div', { class: 'empty', id: 'not-found' }, h('h2', { text: t('app.not_found') }), h('a', { href: '/apps', text: t('app.back_to_apps') })));
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
    replace(container, h('div', { class: 'empty' }, h('h2', { text: t('app.went_wrong') }), h('p', { class: 'muted', text: String(error.message || error) })));
  }
}

/** Links to panel pages navigate in place (History API); others behave as links. */
function onLinkClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target === '_blank' || link.hasAttribute('download')) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || !isPanelPath(url.pathname)) return;
  event.preventDefault();
  ctx.navigate(url.pathname + url.search);
}

// MARK: - Menu (phone width)

function closeMenu() {
  document.body.classList.remove('menu-open');
  $('menu-toggle').setAttribute('aria-expanded', 'false');
}

function toggleMenu() {
  const open = !document.body.classList.contains('menu-open');
  document.body.classList.toggle('menu-open', open);
  $('menu-toggle').setAttribute('aria-expanded', String(open));
}

// MARK: - Health: sandbox badge and privilege banner

function renderBanners(health, unreachable) {
  const host = $('banners');
  replace(host);
  if (unreachable) {
    host.appendChild(h('div', { class: 'banner banner-error', role: 'alert' },
      h('strong', { text: t('banner.unreachable') }), ' ', h('span', { text: unreachable })));
  }
  if (health && health.privileges && health.privileges.ok === false) {
    const rule = ruleOf(health.privileges.detail);
    const copy = h('button', { class: 'btn btn-small', type: 'button', id: 'privileges-copy', text: t('common.copy') });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(rule);
        setText(copy, t('common.copied'));
      } catch {
        window.getSelection().selectAllChildren(copy.previousSibling);
      }
    });
    host.appendChild(h('div', { class: 'banner banner-warning', role: 'alert', id: 'privileges-banner' },
      h('span', { class: 'banner-sentence', text: t('banner.privileges') }),
      h('details', { class: 'banner-fix' },
        h('summary', { text: t('banner.how_to_fix') }),
        h('p', { class: 'small', text: t('banner.fix_intro') }),
        h('div', { class: 'fix-rule' }, h('pre', { class: 'mono', id: 'privileges-rule', text: rule }), copy),
        h('p', { class: 'small muted', text: health.privileges.detail }))));
  }
}

async function refreshHealth() {
  try {
    const health = await api.health();
    // Only a change of the verdict re-renders the page (its buttons depend on it).
    const changed = !!ctx.health && ctx.privileged() !== !(health.privileges && health.privileges.ok === false);
    ctx.health = health;
    $('sandbox-badge').hidden = !health.sandbox;
    $('login-sandbox').hidden = !health.sandbox;
    setText($('agent-info'), `v${health.version} · ${health.backend}`);
    renderBanners(health, null);
    if (changed && ctx.session) route();
  } catch (error) {
    renderBanners(ctx.health, error.describe ? error.describe() : String(error));
  }
}

// MARK: - Live events

let eventSocket = null;
let liveStatus = ['connecting', null];

function setLive(status, detail) {
  liveStatus = [status, detail];
  const indicator = $('live-indicator');
  indicator.dataset.status = status;
  const known = ['open', 'connecting', 'retrying', 'closed'];
  const text = t(`live.${known.includes(status) ? status : 'closed'}`);
  setText(indicator.querySelector('.live-text'), text);
  indicator.title = detail ? `${t('live.title')}: ${text} (${detail})` : `${t('live.title')}: ${text}`;
}

function startEvents() {
  stopEvents();
  eventSocket = new LiveSocket(() => '/api/events/stream', {
    onMessage: (event) => {
      if (event && event.type === 'alert') showAlert(event);
      else if (event && event.type === 'state') noteReason(event);
      ctx.events.emit(event);
    },
    onStatus: setLive,
  }).start();
}

function stopEvents() {
  if (eventSocket) eventSocket.close();
  eventSocket = null;
}

// MARK: - Language

function renderLanguageSwitches() {
  for (const id of ['lang-switch', 'login-lang']) {
    const select = $(id);
    replace(select, ...LANGUAGES.map((code) => h('option', { value: code, text: t(`lang.${code}`), selected: code === language() })));
  }
}

function changeLanguage(code) {
  setLanguage(code, { remember: true });
  applyStatic(document);
  renderLanguageSwitches();
  setLive(...liveStatus);
  renderBanners(ctx.health, null);
  if (ctx.session) {
    renderUser(ctx.session);
    route();
  }
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

/** Who is logged in: in the top bar, and in the menu at phone width (where the top bar has no room). */
function renderUser(session) {
  for (const id of ['user-info', 'sidebar-user']) {
    replace($(id),
      h('span', { class: 'user-name', text: session.name }),
      h('span', { class: `role role-${session.role}`, text: t(`role.${session.role}`) }));
  }
}

function showShell(session) {
  ctx.session = session;
  $('login').hidden = true;
  $('shell').hidden = false;
  renderUser(session);
  document.querySelectorAll('.sidebar a[data-role]').forEach((link) => {
    link.hidden = !ctx.can(link.dataset.role);
  });
  startEvents();
  // A page the new session may not use (after logging in with another token) falls back to the apps.
  const path = window.location.pathname;
  if (!ctx.can('admin') && (/^\/(register|tokens|select)\/?$/.test(path) || /\/edit\/?$/.test(path))) {
    window.history.replaceState(null, '', '/apps');
  }
  route();
}

async function login(event) {
  event.preventDefault();
  const input = $('login-token');
  const button = $('login-submit');
  const token = input.value.trim();
  if (!token) {
    showLogin(t('login.enter_token'));
    return;
  }
  button.disabled = true;
  setText(button, t('login.logging_in'));
  try {
    const session = await api.login(token);
    input.value = '';
    showShell(session);
  } catch (error) {
    const errorNode = $('login-error');
    errorNode.hidden = false;
    setText(errorNode, error.status === 401 ? t('login.invalid') : error.describe());
  } finally {
    button.disabled = false;
    setText(button, t('login.submit'));
  }
}

async function logout() {
  try {
    await api.logout();
  } catch (error) {
    toast(`${t('app.logout')}: ${error.describe()}`, 'error');
  }
  showLogin(null);
}

async function start() {
  initLanguage();
  // Old bookmarks (#/scan) become real paths.
  if (/^#\/./.test(window.location.hash)) window.history.replaceState(null, '', window.location.hash.slice(1));
  applyStatic(document);
  renderLanguageSwitches();
  setLive('connecting', null);
  for (const id of ['lang-switch', 'login-lang']) $(id).addEventListener('change', (event) => changeLanguage(event.target.value));
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('menu-toggle').addEventListener('click', toggleMenu);
  $('menu-backdrop').addEventListener('click', closeMenu);
  document.addEventListener('click', onLinkClick);
  window.addEventListener('popstate', route);
  onUnauthorized(() => {
    if (ctx.session) showLogin(t('login.session_ended'));
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
