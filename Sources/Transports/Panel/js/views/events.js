// Events: recent state changes (with their reasons), operations and alerts,
// updated live.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { describeEvent, formatTime } from '../format.js';
import { t, translateReason } from '../i18n.js';
import { pageHeader, stateBadge } from './common.js';

const MAX_ROWS = 1000;
const TYPES = ['state', 'operation', 'alert'];

/** Mounts the events page; returns its cleanup. */
export async function mount(container, ctx) {
  const typeSelect = h('select', { class: 'input input-small', id: 'events-type', 'aria-label': t('events.type') },
    h('option', { value: '', text: t('events.all_types') }),
    ...TYPES.map((type) => h('option', { value: type, text: t(`events.types.${type}`) })));
  const appFilter = h('input', { class: 'input input-search', type: 'search', placeholder: t('events.filter_app'), 'aria-label': t('events.filter_app') });
  const refreshButton = h('button', { class: 'btn', type: 'button', text: t('common.refresh') });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const columns = ['time', 'type', 'app', 'what'];
  const table = h('table', { class: 'table cards-on-phone', id: 'events-table' },
    h('thead', {}, h('tr', {}, ...columns.map((key) => h('th', { text: t(`events.col.${key}`) })))), tbody);

  replace(container,
    pageHeader(t('events.title'), t('events.subtitle'), typeSelect, appFilter, refreshButton),
    error, h('div', { class: 'table-wrap' }, table));

  let events = [];

  function row(event) {
    let what;
    if (event.type === 'state') {
      what = h('span', { class: 'state-change' }, stateBadge(event.previous), h('span', { class: 'arrow', text: '→' }), stateBadge(event.state),
        event.detail ? h('span', { class: 'state-reason small', text: translateReason(event.detail) }) : null);
    } else {
      what = h('span', { text: describeEvent(event) });
    }
    const label = (key) => ({ label: t(`events.col.${key}`) });
    return h('tr', { class: `event-row type-${event.type}${event.type === 'alert' ? ' row-bad' : ''}` },
      h('td', { class: 'small nowrap', dataset: label('time'), text: formatTime(event.at) }),
      h('td', { dataset: label('type') }, h('span', { class: `event-type type-${event.type}`, text: t(`event.type.${event.type}`) })),
      h('td', { dataset: label('app') }, event.app ? h('a', { href: `/apps/${encodeURIComponent(event.app)}`, text: event.app }) : '—'),
      h('td', { dataset: label('what') }, what));
  }

  function matches(event) {
    const app = appFilter.value.trim();
    return (!typeSelect.value || event.type === typeSelect.value) && (!app || (event.app || '').includes(app));
  }

  function render() {
    const shown = events.filter(matches);
    replace(tbody, ...shown.map(row));
    if (!shown.length) tbody.appendChild(h('tr', {}, h('td', { colspan: 4, class: 'muted center', text: t('events.none') })));
  }

  async function load() {
    try {
      const body = await api.events(500);
      events = (body.events || []).slice().reverse();
      error.hidden = true;
      render();
    } catch (failure) {
      error.hidden = false;
      setText(error, t('events.load_failed', { error: failure.describe() }));
    }
  }

  typeSelect.addEventListener('change', render);
  appFilter.addEventListener('input', render);
  refreshButton.addEventListener('click', load);
  const unsubscribe = ctx.events.subscribe((event) => {
    if (!TYPES.includes(event.type)) return;
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
