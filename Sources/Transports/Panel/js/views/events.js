// Events: recent state changes, operations and alerts, updated live.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { describeEvent, formatTime } from '../format.js';
import { pageHeader, stateBadge } from './common.js';

const MAX_ROWS = 1000;

/** Mounts the events page; returns its cleanup. */
export async function mount(container, ctx) {
  const typeSelect = h('select', { class: 'input input-small', id: 'events-type', 'aria-label': 'Type' },
    h('option', { value: '', text: 'All types' }), h('option', { value: 'state', text: 'State changes' }),
    h('option', { value: 'operation', text: 'Operations' }), h('option', { value: 'alert', text: 'Alerts' }));
  const appFilter = h('input', { class: 'input input-search', type: 'search', placeholder: 'Filter by app', 'aria-label': 'App' });
  const refreshButton = h('button', { class: 'btn', type: 'button', text: 'Refresh' });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'events-table' },
    h('thead', {}, h('tr', {}, ...['Time', 'Type', 'App', 'What'].map((title) => h('th', { text: title })))), tbody);

  replace(container,
    pageHeader('Events', 'State changes, operations and alerts, newest first. New events appear as they happen.', typeSelect, appFilter, refreshButton),
    error, h('div', { class: 'table-wrap' }, table));

  let events = [];

  function row(event) {
    let what;
    if (event.type === 'state') {
      what = h('span', { class: 'state-change' }, stateBadge(event.previous), h('span', { class: 'arrow', text: '→' }), stateBadge(event.state));
    } else {
      what = h('span', { text: describeEvent(event) });
    }
    return h('tr', { class: `event-row type-${event.type}` },
      h('td', { class: 'small nowrap', text: formatTime(event.at) }),
      h('td', {}, h('span', { class: `event-type type-${event.type}`, text: event.type })),
      h('td', {}, event.app ? h('a', { href: `#/apps/${encodeURIComponent(event.app)}`, text: event.app }) : '—'),
      h('td', {}, what));
  }

  function matches(event) {
    const app = appFilter.value.trim();
    return (!typeSelect.value || event.type === typeSelect.value) && (!app || (event.app || '').includes(app));
  }

  function render() {
    const shown = events.filter(matches);
    replace(tbody, ...shown.map(row));
    if (!shown.length) tbody.appendChild(h('tr', {}, h('td', { colspan: 4, class: 'muted center', text: 'No events.' })));
  }

  async function load() {
    try {
      const body = await api.events(500);
      events = (body.events || []).slice().reverse();
      error.hidden = true;
      render();
    } catch (failure) {
      error.hidden = false;
      setText(error, `Could not load events: ${failure.describe()}`);
    }
  }

  typeSelect.addEventListener('change', render);
  appFilter.addEventListener('input', render);
  refreshButton.addEventListener('click', load);
  const unsubscribe = ctx.events.subscribe((event) => {
    if (!event.type || event.type === 'gap') return;
    events.unshift(event);
    if (events.length > MAX_ROWS) events.length = MAX_ROWS;
    if (!matches(event)) return;
    if (tbody.firstChild && tbody.firstChild.querySelector('td.center')) replace(tbody);
    const node = row(event);
    node.classList.add('fresh');
    tbody.insertBefore(node, tbody.firstChild);
  });
  await load();
  return unsubscribe;
}
