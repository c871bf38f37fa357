// One app: status (with the reason of a failure), configuration, CPU/RAM
// history, environment (values masked until an admin reveals one), unit file
// and its events.

import { api } from '../api.js';
import { h, replace, setText, confirmDialog, toast, toastError } from '../dom.js';
import { describeEvent, formatBytes, formatDuration, formatPercent, formatTime, stateName } from '../format.js';
import { t, translateReason } from '../i18n.js';
import { sparkline, stateStrip } from '../sparkline.js';
import { actionButton, infoRow, poll, stateBadge, syncActionButtons, updateBadge } from './common.js';

const APP_POLL_MS = 2000;
const METRICS_POLL_MS = 5000;
const MASK = '••••••••';

function card(title, ...children) {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title', text: title }), ...children);
}

/**
 * The unit file with every `Environment=` value masked (`Environment="PORT=••••••••"`);
 * the names stay readable.
 */
export function maskUnit(text) {
  return String(text).split('\n').map((line) => {
    const match = line.match(/^Environment="([A-Za-z_][A-Za-z0-9_]*)=.*"$/);
    return match ? `Environment="${match[1]}=${MASK}"` : line;
  }).join('\n');
}

/** A table of environment variables whose values are masked; admins may reveal each. */
export function environmentTable(ctx, environment) {
  const env = Object.entries(environment || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!env.length) return h('p', { class: 'muted', text: t('detail.no_env') });
  return h('table', { class: 'table table-compact env-table' },
    h('thead', {}, h('tr', {}, h('th', { text: t('detail.env_name') }), h('th', { text: t('detail.env_value') }), h('th'))),
    h('tbody', {}, ...env.map(([key, value]) => {
      const cell = h('td', { class: 'mono wrap env-value', dataset: { masked: 'true' }, text: MASK });
      let shown = false;
      const toggle = ctx.can('admin')
        ? h('button', { class: 'btn btn-small btn-ghost', type: 'button', text: t('detail.reveal'), dataset: { action: 'reveal', env: key } })
        : null;
      if (toggle) {
        toggle.addEventListener('click', () => {
          shown = !shown;
          cell.textContent = shown ? value : MASK;
          cell.dataset.masked = String(!shown);
          toggle.textContent = shown ? t('detail.hide') : t('detail.reveal');
        });
      }
      return h('tr', {}, h('td', { class: 'mono', text: key }), cell, h('td', { class: 'actions' }, toggle));
    })));
}

/** Mounts the detail page of `params.name`; returns its cleanup. */
export async function mount(container, ctx, params) {
  const name = params.name;
  const enc = encodeURIComponent(name);
  const badge = stateBadge('unknown');
  const reasonLine = h('p', { class: 'state-reason', hidden: true });
  // A unit file changed by hand (drift): said plainly, and put right only when an admin asks.
  const driftText = h('span', {});
  const rewrite = ctx.can('admin')
    ? h('button', { class: 'btn btn-small', type: 'button', id: 'rewrite-unit', text: t('detail.rewrite_unit') })
    : null;
  const driftLine = h('p', { class: 'state-reason', id: 'drift-line', hidden: true }, driftText, ' ', rewrite);
  if (rewrite) {
    rewrite.addEventListener('click', async () => {
      if (!(await confirmDialog({ title: t('detail.rewrite_unit'), message: t('detail.rewrite_confirm', { name }), danger: true }))) return;
      try {
        await api.rewriteUnit(name);
        toast(t('detail.rewritten', { name }), 'success', 3500);
        appPoll.now();
        loadUnit();
      } catch (failure) {
        toastError(t('detail.rewrite_failed', { name }), failure);
      }
    });
  }
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const actions = h('div', { class: 'page-actions' });
  const statusList = h('dl', { class: 'info' });
  const configList = h('dl', { class: 'info' });
  const envBody = h('div');
  const charts = h('div', { class: 'sparks' }, h('p', { class: 'muted', text: t('detail.loading_history') }));
  const unitText = h('pre', { class: 'unit-file', id: 'unit-file', text: t('common.loading') });
  // The unit carries the environment too: masked until an admin reveals it.
  const unitReveal = ctx.can('admin')
    ? h('button', { class: 'btn btn-small btn-ghost', type: 'button', id: 'unit-reveal', text: t('detail.reveal') })
    : null;
  let unitRaw = '';
  let unitShown = false;
  const showUnit = () => setText(unitText, unitShown ? unitRaw : maskUnit(unitRaw));
  if (unitReveal) {
    unitReveal.addEventListener('click', () => {
      unitShown = !unitShown;
      setText(unitReveal, unitShown ? t('detail.hide') : t('detail.reveal'));
      showUnit();
    });
  }
  const eventList = h('ul', { class: 'event-list' });

  replace(container,
    h('nav', { class: 'breadcrumb' }, h('a', { href: '/apps', text: t('nav.apps') }), h('span', { text: '/' }), h('span', { text: name })),
    h('div', { class: 'page-header' },
      h('div', {}, h('div', { class: 'title-row' }, h('h1', { text: name }), badge), reasonLine, driftLine),
      actions),
    error,
    h('div', { class: 'grid-2' },
      card(t('detail.status'), statusList),
      card(t('detail.configuration'), configList)),
    card(t('detail.resources'), charts),
    h('div', { class: 'grid-2' },
      card(t('detail.environment'), envBody),
      card(t('detail.recent_events'), eventList)),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title', text: t('detail.unit_file') }), unitReveal),
      unitText));

  let app = null;
  let lastActionsKey = '';
  let lastEnv = null;

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
      h('a', { class: 'btn', href: `/apps/${enc}/logs`, text: t('apps.logs') }),
      ctx.can('admin') ? h('a', { class: 'btn', href: `/apps/${enc}/edit`, text: t('detail.edit') }) : null,
      actionButton(ctx, name, 'delete', { after: () => ctx.navigate('/apps'), small: false }));
  }

  function renderApp() {
    const status = app.status || {};
    updateBadge(badge, status.state);
    reasonLine.hidden = !status.reason;
    setText(reasonLine, status.reason ? translateReason(status.reason) : '');
    driftLine.hidden = !status.drift;
    setText(driftText, status.drift ? t(`detail.drift.${status.drift}`) : '');
    renderActions();
    syncActionButtons(actions, status.state);
    replace(statusList,
      ...infoRow(t('detail.state'), stateBadge(status.state)),
      ...infoRow(t('detail.reason'), status.reason ? translateReason(status.reason) : null),
      ...infoRow('systemd', [status.active_state, status.sub_state].filter(Boolean).join(' / ')),
      ...infoRow(t('detail.unit_file_state'), status.unit_file_state),
      ...infoRow('PID', status.pid),
      ...infoRow('CPU', formatPercent(status.cpu_percent)),
      ...infoRow(t('detail.memory'), formatBytes(status.memory_bytes)),
      ...infoRow(t('detail.uptime'), status.state === 'running' ? formatDuration(status.uptime_seconds) : null),
      ...infoRow(t('detail.since'), formatTime(status.since)),
      ...infoRow(t('detail.restarts'), status.restarts ?? 0),
      ...infoRow(t('detail.last_result'), status.result));
    const limits = app.limits || {};
    replace(configList,
      ...infoRow(t('field.runtime'), app.runtime),
      ...infoRow(t('field.script_path'), h('code', { text: app.script_path })),
      ...infoRow(t('field.working_dir'), h('code', { text: app.working_dir })),
      ...infoRow(t('field.user'), app.user),
      ...infoRow(t('field.port'), app.port),
      ...infoRow(t('field.args'), app.args && app.args.length ? h('code', { text: app.args.map((a) => JSON.stringify(a)).join(' ') }) : null),
      ...infoRow(t('field.restart'), app.restart),
      ...infoRow(t('detail.start_at_boot'), app.enabled ? t('common.yes') : t('common.no')),
      ...infoRow(t('field.limits.memory_max'), limits.memory_max),
      ...infoRow(t('field.limits.cpu_quota'), limits.cpu_quota),
      ...infoRow(t('detail.unit'), h('code', { text: app.unit })),
      ...infoRow(t('detail.registered'), formatTime(app.created_at)),
      ...infoRow(t('detail.updated'), formatTime(app.updated_at)));
    // Re-rendered only when it changed, so a revealed value stays revealed.
    const envKey = JSON.stringify(app.environment || {});
    if (envKey !== lastEnv) {
      lastEnv = envKey;
      replace(envBody, environmentTable(ctx, app.environment));
    }
  }

  const appPoll = poll(async () => {
    try {
      app = await api.app(name);
      error.hidden = true;
      renderApp();
    } catch (failure) {
      error.hidden = false;
      setText(error, failure.status === 404 ? t('detail.no_app', { name }) : t('detail.load_failed', { name, error: failure.describe() }));
      if (failure.status === 404) appPoll.stop();
    }
  }, APP_POLL_MS);

  const metricsPoll = poll(async () => {
    try {
      const body = await api.metrics(name);
      const samples = body.samples || [];
      replace(charts,
        sparkline({ title: 'CPU', values: samples.map((s) => s.cpu_percent ?? null), format: formatPercent, minMax: 5, tone: 'accent' }),
        sparkline({ title: t('detail.memory'), values: samples.map((s) => s.memory_bytes ?? null), format: formatBytes, minMax: 1024 * 1024, tone: 'violet' }),
        h('div', { class: 'spark-card' },
          h('div', { class: 'spark-head' }, h('span', { class: 'spark-title', text: t('detail.state') }),
            h('span', { class: 'spark-value', text: samples.length ? stateName(samples[samples.length - 1].state) : '—' })),
          stateStrip(samples.map((s) => s.state)),
          h('div', { class: 'spark-foot' }, h('span', { text: samples.length ? formatTime(samples[0].at) : '' }), h('span', { text: t('detail.now') }))));
    } catch (failure) {
      replace(charts, h('p', { class: 'muted', text: t('detail.history_unavailable', { error: failure.describe() }) }));
    }
  }, METRICS_POLL_MS);

  const loadUnit = async () => {
    try {
      unitRaw = await api.unit(name);
      showUnit();
    } catch (failure) {
      setText(unitText, t('detail.unit_failed', { error: failure.describe() }));
    }
  };
  loadUnit();

  function eventItem(event) {
    return h('li', { class: `event event-${event.type}` },
      h('span', { class: 'event-time', text: formatTime(event.at) }),
      h('span', { class: `event-type type-${event.type}`, text: t(`event.type.${event.type}`) }),
      h('span', { class: 'event-text', text: describeEvent(event) }));
  }

  try {
    const body = await api.events(500);
    const mine = (body.events || []).filter((event) => event.app === name).slice(-20).reverse();
    replace(eventList, mine.length ? mine.map(eventItem) : h('li', { class: 'muted', text: t('detail.no_events') }));
  } catch (failure) {
    replace(eventList, h('li', { class: 'muted', text: t('detail.events_unavailable', { error: failure.describe() }) }));
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
