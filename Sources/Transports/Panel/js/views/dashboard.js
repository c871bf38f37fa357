// Applications: every managed app with its live state, resources and actions.
// Polls GET /api/apps every 2 s and refreshes at once on a live event.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { formatBytes, formatDuration, formatPercent, stateTone } from '../format.js';
import { actionButton, pageHeader, poll, stateBadge, syncActionButtons, updateBadge } from './common.js';

const POLL_MS = 2000;

function summaryCard(label, tone) {
  const value = h('span', { class: 'summary-value', text: '–' });
  const card = h('div', { class: `summary-card tone-border-${tone}` }, value, h('span', { class: 'summary-label', text: label }));
  return { card, value };
}

/** Mounts the dashboard; returns its cleanup. */
export function mount(container, ctx) {
  const registerButton = ctx.can('admin') ? h('a', { class: 'btn btn-primary', href: '#/register', text: 'Register app' }) : null;
  const filter = h('input', { class: 'input input-search', type: 'search', placeholder: 'Filter by name or runtime', 'aria-label': 'Filter apps' });
  const cards = {
    total: summaryCard('Applications', 'accent'),
    running: summaryCard('Running', 'ok'),
    stopped: summaryCard('Stopped', 'idle'),
    problems: summaryCard('Failed / crashed / zombie', 'bad'),
  };
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const empty = h('div', { class: 'empty', hidden: true },
    h('h2', { text: 'No applications yet' }),
    h('p', { class: 'muted', text: 'Register a Node.js or Python app, or adopt a process that already runs from the process scan.' }),
    h('div', { class: 'empty-actions' },
      ctx.can('admin') ? h('a', { class: 'btn btn-primary', href: '#/register', text: 'Register app' }) : null,
      h('a', { class: 'btn', href: '#/scan', text: 'Process scan' })));
  const table = h('table', { class: 'table apps-table', id: 'apps-table' },
    h('thead', {}, h('tr', {}, ...['App', 'Runtime', 'State', 'PID', 'CPU', 'RAM', 'Uptime', 'Restarts', 'Actions']
      .map((title) => h('th', { text: title, class: ['PID', 'CPU', 'RAM', 'Uptime', 'Restarts'].includes(title) ? 'num' : null })))),
    tbody);

  replace(container,
    pageHeader('Applications', 'Node.js and Python apps this agent runs as systemd services.', filter, registerButton),
    h('div', { class: 'summary' }, ...Object.values(cards).map((c) => c.card)),
    error,
    h('div', { class: 'table-wrap' }, table),
    empty);

  /** name → {row, cells…} */
  const rows = new Map();
  let apps = [];

  function makeRow(app) {
    const name = app.name;
    const link = h('a', { href: `#/apps/${encodeURIComponent(name)}`, class: 'app-link', text: name });
    const sub = h('span', { class: 'muted small' });
    const badge = stateBadge(app.status?.state);
    const cells = {
      runtime: h('td'), pid: h('td', { class: 'num mono' }), cpu: h('td', { class: 'num' }), ram: h('td', { class: 'num' }),
      uptime: h('td', { class: 'num' }), restarts: h('td', { class: 'num' }),
    };
    const refresh = () => poller.now();
    const actions = h('td', { class: 'actions' },
      h('div', { class: 'btn-group' },
        actionButton(ctx, name, 'start', { after: refresh }),
        actionButton(ctx, name, 'stop', { after: refresh }),
        actionButton(ctx, name, 'restart', { after: refresh }),
        h('a', { class: 'btn btn-small', href: `#/apps/${encodeURIComponent(name)}/logs`, text: 'Logs', dataset: { action: 'logs', app: name } }),
        actionButton(ctx, name, 'delete', { after: refresh })));
    const row = h('tr', { dataset: { app: name } },
      h('td', {}, h('div', { class: 'app-cell' }, link, sub)),
      cells.runtime, h('td', {}, badge), cells.pid, cells.cpu, cells.ram, cells.uptime, cells.restarts, actions);
    return { row, sub, badge, cells };
  }

  function updateRow(entry, app) {
    const status = app.status || {};
    const parts = [];
    if (app.port) parts.push(`:${app.port}`);
    parts.push(app.enabled ? 'enabled' : 'disabled');
    setText(entry.sub, parts.join(' · '));
    updateBadge(entry.badge, status.state);
    entry.badge.title = [status.active_state, status.sub_state].filter(Boolean).join(' / ') + (status.result && status.result !== 'success' ? ` (result: ${status.result})` : '');
    setText(entry.cells.runtime, app.runtime);
    setText(entry.cells.pid, status.pid ?? '—');
    setText(entry.cells.cpu, formatPercent(status.cpu_percent));
    setText(entry.cells.ram, formatBytes(status.memory_bytes));
    setText(entry.cells.uptime, status.state === 'running' ? formatDuration(status.uptime_seconds) : '—');
    setText(entry.cells.restarts, status.restarts ?? 0);
    entry.cells.restarts.classList.toggle('warn-text', (status.restarts ?? 0) > 0);
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
      setText(error, `Could not load the apps: ${failure.describe ? failure.describe() : failure}`);
    }
  }, POLL_MS);

  filter.addEventListener('input', render);
  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.type === 'state' && event.app && rows.has(event.app)) updateBadge(rows.get(event.app).badge, event.state);
    if (event.app) poller.now();
  });

  return () => {
    poller.stop();
    unsubscribe();
  };
}
