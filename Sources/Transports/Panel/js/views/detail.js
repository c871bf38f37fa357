// One app: status, configuration, CPU/RAM history, unit file and its events.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { describeEvent, formatBytes, formatDuration, formatPercent, formatTime } from '../format.js';
import { sparkline, stateStrip } from '../sparkline.js';
import { actionButton, infoRow, poll, stateBadge, syncActionButtons, updateBadge } from './common.js';

const APP_POLL_MS = 2000;
const METRICS_POLL_MS = 5000;

function card(title, ...children) {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title', text: title }), ...children);
}

/** Mounts the detail page of `params.name`; returns its cleanup. */
export async function mount(container, ctx, params) {
  const name = params.name;
  const enc = encodeURIComponent(name);
  const badge = stateBadge('unknown');
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const actions = h('div', { class: 'page-actions' });
  const statusList = h('dl', { class: 'info' });
  const configList = h('dl', { class: 'info' });
  const envBody = h('div');
  const charts = h('div', { class: 'sparks' }, h('p', { class: 'muted', text: 'Loading resource history…' }));
  const unitText = h('pre', { class: 'unit-file', id: 'unit-file', text: 'Loading…' });
  const eventList = h('ul', { class: 'event-list' });

  replace(container,
    h('nav', { class: 'breadcrumb' }, h('a', { href: '#/apps', text: 'Applications' }), h('span', { text: '/' }), h('span', { text: name })),
    h('div', { class: 'page-header' },
      h('div', { class: 'title-row' }, h('h1', { text: name }), badge),
      actions),
    error,
    h('div', { class: 'grid-2' },
      card('Status', statusList),
      card('Configuration', configList)),
    card('Resources', charts),
    h('div', { class: 'grid-2' },
      card('Environment', envBody),
      card('Recent events', eventList)),
    card('Unit file', unitText));

  let app = null;
  let lastActionsKey = '';

  function renderActions() {
    const enabled = app?.status?.unit_file_state === 'enabled' || (app?.enabled && !app?.status?.unit_file_state);
    const key = `${enabled}`;
    if (key === lastActionsKey && actions.childElementCount) return;
    lastActionsKey = key;
    const refresh = () => appPoll.now();
    replace(actions,
      h('div', { class: 'btn-group' },
        actionButton(ctx, name, 'start', { after: refresh, small: false }),
        actionButton(ctx, name, 'stop', { after: refresh, small: false }),
        actionButton(ctx, name, 'restart', { after: refresh, small: false }),
        actionButton(ctx, name, enabled ? 'disable' : 'enable', { after: () => { lastActionsKey = ''; refresh(); }, small: false })),
      h('a', { class: 'btn', href: `#/apps/${enc}/logs`, text: 'Logs' }),
      ctx.can('admin') ? h('a', { class: 'btn', href: `#/apps/${enc}/edit`, text: 'Edit' }) : null,
      actionButton(ctx, name, 'delete', { after: () => ctx.navigate('#/apps'), small: false }));
  }

  function renderApp() {
    const status = app.status || {};
    updateBadge(badge, status.state);
    renderActions();
    syncActionButtons(actions, status.state);
    replace(statusList,
      ...infoRow('State', stateBadge(status.state)),
      ...infoRow('systemd', [status.active_state, status.sub_state].filter(Boolean).join(' / ')),
      ...infoRow('Unit file', status.unit_file_state),
      ...infoRow('PID', status.pid),
      ...infoRow('CPU', formatPercent(status.cpu_percent)),
      ...infoRow('Memory', formatBytes(status.memory_bytes)),
      ...infoRow('Uptime', status.state === 'running' ? formatDuration(status.uptime_seconds) : null),
      ...infoRow('Since', formatTime(status.since)),
      ...infoRow('Restarts', status.restarts ?? 0),
      ...infoRow('Last result', status.result));
    const limits = app.limits || {};
    replace(configList,
      ...infoRow('Runtime', app.runtime),
      ...infoRow('Script', h('code', { text: app.script_path })),
      ...infoRow('Working dir', h('code', { text: app.working_dir })),
      ...infoRow('User', app.user),
      ...infoRow('Port', app.port),
      ...infoRow('Arguments', app.args && app.args.length ? h('code', { text: app.args.map((a) => JSON.stringify(a)).join(' ') }) : null),
      ...infoRow('Restart', app.restart),
      ...infoRow('Start at boot', app.enabled ? 'yes' : 'no'),
      ...infoRow('Memory limit', limits.memory_max),
      ...infoRow('CPU quota', limits.cpu_quota),
      ...infoRow('Unit', h('code', { text: app.unit })),
      ...infoRow('Registered', formatTime(app.created_at)),
      ...infoRow('Updated', formatTime(app.updated_at)));
    const env = Object.entries(app.environment || {}).sort(([a], [b]) => a.localeCompare(b));
    replace(envBody, env.length
      ? h('table', { class: 'table table-compact' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { text: 'Value' }))),
        h('tbody', {}, ...env.map(([key, value]) => h('tr', {}, h('td', { class: 'mono', text: key }), h('td', { class: 'mono wrap', text: value })))))
      : h('p', { class: 'muted', text: 'No environment variables.' }));
  }

  const appPoll = poll(async () => {
    try {
      app = await api.app(name);
      error.hidden = true;
      renderApp();
    } catch (failure) {
      error.hidden = false;
      setText(error, failure.status === 404 ? `No app named ${name}.` : `Could not load ${name}: ${failure.describe()}`);
      if (failure.status === 404) appPoll.stop();
    }
  }, APP_POLL_MS);

  const metricsPoll = poll(async () => {
    try {
      const body = await api.metrics(name);
      const samples = body.samples || [];
      replace(charts,
        sparkline({ title: 'CPU', values: samples.map((s) => s.cpu_percent ?? null), format: formatPercent, minMax: 5, tone: 'accent' }),
        sparkline({ title: 'Memory', values: samples.map((s) => s.memory_bytes ?? null), format: formatBytes, minMax: 1024 * 1024, tone: 'violet' }),
        h('div', { class: 'spark-card' },
          h('div', { class: 'spark-head' }, h('span', { class: 'spark-title', text: 'State' }),
            h('span', { class: 'spark-value', text: samples.length ? samples[samples.length - 1].state : '—' })),
          stateStrip(samples.map((s) => s.state)),
          h('div', { class: 'spark-foot' }, h('span', { text: samples.length ? formatTime(samples[0].at) : '' }), h('span', { text: 'now' }))));
    } catch (failure) {
      replace(charts, h('p', { class: 'muted', text: `Resource history unavailable: ${failure.describe()}` }));
    }
  }, METRICS_POLL_MS);

  const loadUnit = async () => {
    try {
      setText(unitText, await api.unit(name));
    } catch (failure) {
      setText(unitText, `Could not load the unit: ${failure.describe()}`);
    }
  };
  loadUnit();

  function eventItem(event) {
    return h('li', { class: `event event-${event.type}` },
      h('span', { class: 'event-time', text: formatTime(event.at) }),
      h('span', { class: `event-type type-${event.type}`, text: event.type }),
      h('span', { class: 'event-text', text: describeEvent(event) }));
  }

  try {
    const body = await api.events(500);
    const mine = (body.events || []).filter((event) => event.app === name).slice(-20).reverse();
    replace(eventList, mine.length ? mine.map(eventItem) : h('li', { class: 'muted', text: 'No events yet.' }));
  } catch (failure) {
    replace(eventList, h('li', { class: 'muted', text: `Events unavailable: ${failure.describe()}` }));
  }

  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.app !== name) return;
    if (eventList.firstChild && eventList.firstChild.classList.contains('muted')) replace(eventList);
    eventList.insertBefore(eventItem(event), eventList.firstChild);
    while (eventList.childElementCount > 20) eventList.lastChild.remove();
    appPoll.now();
    if (event.type === 'operation' && event.operation === 'update') loadUnit();
  });

  return () => {
    appPoll.stop();
    metricsPoll.stop();
    unsubscribe();
  };
}
