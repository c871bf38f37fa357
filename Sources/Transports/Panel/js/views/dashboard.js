// Applications: every managed app with its live state (and why, when it
// failed), resources and actions. Polls GET /api/apps every 2 s and
// refreshes at once on a live event. At phone width the rows are cards.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { formatBytes, formatDuration, formatPercent, stateTone, stateWithReason } from '../format.js';
import { t, translateReason } from '../i18n.js';
import { actionButton, pageHeader, poll, stateBadge, syncActionButtons, updateBadge } from './common.js';

const POLL_MS = 2000;
const BAD_STATES = ['crashed', 'failed', 'restarting', 'zombie'];

function summaryCard(label, tone) {
  const value = h('span', { class: 'summary-value', text: '–' });
  const card = h('div', { class: `summary-card tone-border-${tone}` }, value, h('span', { class: 'summary-label', text: label }));
  return { card, value };
}

/**
 * The reason shown next to a state: the status's reason, and the latest
 * crash-loop alert's count while the app is in trouble.
 */
export function stateReason(status, loopAlert) {
  const parts = [];
  if (status && status.reason) parts.push(translateReason(status.reason));
  if (loopAlert && BAD_STATES.includes(status?.state)) {
    const match = String(loopAlert.detail || '').match(/^restarted (\d+) times within (\d+) s/);
    if (match) parts.push(t('reason.crash_loop', { count: match[1], seconds: match[2] }));
  }
  return parts.join(', ');
}

/** Mounts the dashboard; returns its cleanup. */
export function mount(container, ctx) {
  const registerButton = ctx.can('admin') ? h('a', { class: 'btn btn-primary', href: '/register', text: t('nav.register') }) : null;
  const filter = h('input', { class: 'input input-search', type: 'search', placeholder: t('apps.filter'), 'aria-label': t('apps.filter') });
  const cards = {
    total: summaryCard(t('apps.total'), 'accent'),
    running: summaryCard(t('apps.running'), 'ok'),
    stopped: summaryCard(t('apps.stopped'), 'idle'),
    problems: summaryCard(t('apps.problems'), 'bad'),
  };
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const empty = h('div', { class: 'empty', hidden: true },
    h('h2', { text: t('apps.empty') }),
    h('p', { class: 'muted', text: t('apps.empty_hint') }),
    h('div', { class: 'empty-actions' },
      ctx.can('admin') ? h('a', { class: 'btn btn-primary', href: '/register', text: t('nav.register') }) : null,
      ctx.can('admin') ? h('a', { class: 'btn', href: '/select', text: t('nav.select') }) : null));
  const columns = [['app', false], ['runtime', false], ['state', false], ['pid', true], ['cpu', true], ['ram', true],
    ['uptime', true], ['restarts', true], ['actions', false]];
  const table = h('table', { class: 'table apps-table cards-on-phone', id: 'apps-table' },
    h('thead', {}, h('tr', {}, ...columns.map(([key, num]) => h('th', { text: t(`apps.col.${key}`), class: num ? 'num' : null })))),
    tbody);

  replace(container,
    pageHeader(t('apps.title'), t('apps.subtitle'), filter, registerButton),
    h('div', { class: 'summary' }, ...Object.values(cards).map((c) => c.card)),
    error,
    h('div', { class: 'table-wrap' }, table),
    empty);

  /** name → {row, cells…} */
  const rows = new Map();
  /** name → the latest crash_loop alert. */
  const loops = new Map();
  let apps = [];

  function makeRow(app) {
    const name = app.name;
    const link = h('a', { href: `/apps/${encodeURIComponent(name)}`, class: 'app-link', text: name });
    const sub = h('span', { class: 'muted small' });
    const badge = stateBadge(app.status?.state);
    const reason = h('span', { class: 'state-reason small' });
    const label = (key) => t(`apps.col.${key}`);
    const cells = {
      runtime: h('td', { dataset: { label: label('runtime') } }),
      pid: h('td', { class: 'num mono', dataset: { label: label('pid') } }),
      cpu: h('td', { class: 'num', dataset: { label: label('cpu') } }),
      ram: h('td', { class: 'num', dataset: { label: label('ram') } }),
      uptime: h('td', { class: 'num', dataset: { label: label('uptime') } }),
      restarts: h('td', { class: 'num', dataset: { label: label('restarts') } }),
    };
    const refresh = () => poller.now();
    const actions = h('td', { class: 'actions' },
      h('div', { class: 'btn-group' },
        actionButton(ctx, name, 'start', { after: refresh }),
        actionButton(ctx, name, 'stop', { after: refresh }),
        actionButton(ctx, name, 'restart', { after: refresh }),
        h('a', { class: 'btn btn-small', href: `/apps/${encodeURIComponent(name)}/logs`, text: t('apps.logs'), dataset: { action: 'logs', app: name } }),
        actionButton(ctx, name, 'delete', { after: refresh })));
    const row = h('tr', { dataset: { app: name } },
      h('td', { class: 'cell-app' }, h('div', { class: 'app-cell' }, link, sub)),
      cells.runtime, h('td', { class: 'cell-state', dataset: { label: label('state') } }, h('div', { class: 'state-cell' }, badge, reason)),
      cells.pid, cells.cpu, cells.ram, cells.uptime, cells.restarts, actions);
    return { row, sub, badge, reason, cells };
  }

  function updateRow(entry, app) {
    const status = app.status || {};
    const parts = [];
    if (app.port) parts.push(`:${app.port}`);
    parts.push(app.enabled ? t('apps.enabled') : t('apps.disabled'));
    setText(entry.sub, parts.join(' · '));
    updateBadge(entry.badge, status.state);
    entry.badge.title = `${stateWithReason(status)} (systemd: ${[status.active_state, status.sub_state].filter(Boolean).join(' / ') || '?'})`;
    setText(entry.reason, stateReason(status, loops.get(app.name)));
    setText(entry.cells.runtime, app.runtime);
    setText(entry.cells.pid, status.pid ?? '—');
    setText(entry.cells.cpu, formatPercent(status.cpu_percent));
    setText(entry.cells.ram, formatBytes(status.memory_bytes));
    setText(entry.cells.uptime, status.state === 'running' ? formatDuration(status.uptime_seconds) : '—');
    setText(entry.cells.restarts, status.restarts ?? 0);
    entry.cells.restarts.classList.toggle('warn-text', (status.restarts ?? 0) > 0);
    entry.row.classList.toggle('row-bad', stateTone(status.state) === 'bad');
    syncActionButtons(entry.row, status.state);
  }

  function render() {
    const query = filter.value.trim().toLowerCase();
    const shown = apps.filter((app) => !query || app.name.includes(query) || app.runtime.toLowerCase().includes(query));
    const names = new Set(shown.map((app) => app.name));
    for (const [name, entry] of rows) {
      if (!names.has(name)) {
        entry.row.remove();
        rows.delete(name);
      }
    }
    shown.forEach((app, index) => {
      let entry = rows.get(app.name);
      if (!entry) {
        entry = makeRow(app);
        rows.set(app.name, entry);
      }
      updateRow(entry, app);
      if (tbody.children[index] !== entry.row) tbody.insertBefore(entry.row, tbody.children[index] || null);
    });
    const count = (pred) => apps.filter((app) => pred(app.status?.state)).length;
    setText(cards.total.value, apps.length);
    setText(cards.running.value, count((s) => s === 'running'));
    setText(cards.stopped.value, count((s) => s === 'stopped'));
    setText(cards.problems.value, count((s) => stateTone(s) === 'bad' || s === 'zombie'));
    empty.hidden = apps.length !== 0;
    table.hidden = apps.length === 0;
  }

  const poller = poll(async () => {
    try {
      const body = await api.apps();
      apps = (body.apps || []).slice().sort((a, b) => a.name.localeCompare(b.name));
      error.hidden = true;
      render();
    } catch (failure) {
      error.hidden = false;
      setText(error, t('apps.load_failed', { error: failure.describe ? failure.describe() : failure }));
    }
  }, POLL_MS);

  api.events(300).then((body) => {
    for (const event of body.events || []) if (event.type === 'alert' && event.alert === 'crash_loop') loops.set(event.app, event);
    render();
  }).catch(() => {});

  filter.addEventListener('input', render);
  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.type === 'alert' && event.alert === 'crash_loop') loops.set(event.app, event);
    if (event.type === 'state' && event.app && rows.has(event.app)) {
      const entry = rows.get(event.app);
      updateBadge(entry.badge, event.state);
      if (event.detail) setText(entry.reason, translateReason(event.detail));
    }
    if (event.app) poller.now();
  });

  return () => {
    poller.stop();
    unsubscribe();
  };
}
