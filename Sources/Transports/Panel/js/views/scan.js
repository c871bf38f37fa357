// Process scan: Node.js and Python processes on the host, which unit owns
// each, the ports they listen on, and an "Adopt" action that pre-fills the
// register form (several at once: /select).

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { specFromProcess } from '../adopt.js';
import { formatBytes, formatPercent, formatTime } from '../format.js';
import { t } from '../i18n.js';
import { pageHeader } from './common.js';

/** Mounts the scan page; returns nothing to clean up (it refreshes on demand). */
export async function mount(container, ctx) {
  const runtimeSelect = h('select', { class: 'input input-small', id: 'scan-runtime', 'aria-label': t('field.runtime') },
    h('option', { value: '', text: t('scan.all_runtimes') }));
  const refreshButton = h('button', { class: 'btn', type: 'button', id: 'scan-refresh', text: t('common.refresh') });
  const unmanagedOnly = h('input', { type: 'checkbox', id: 'scan-unmanaged' });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const info = h('p', { class: 'muted small' });
  const tbody = h('tbody');
  const columns = [['pid', true], ['user', false], ['runtime', false], ['command', false], ['cwd', false], ['ports', false],
    ['cpu', true], ['ram', true], ['started', false], ['unit', false], ['app', false], ['actions', false]];
  const table = h('table', { class: 'table cards-on-phone', id: 'scan-table' },
    h('thead', {}, h('tr', {}, ...columns.map(([key, num]) => h('th', { text: key === 'actions' ? '' : t(`scan.col.${key}`), class: num ? 'num' : null })))),
    tbody);

  replace(container,
    pageHeader(t('scan.title'), t('scan.subtitle'),
      runtimeSelect, h('label', { class: 'check' }, unmanagedOnly, h('span', { text: t('scan.unmanaged_only') })), refreshButton,
      ctx.can('admin') ? h('a', { class: 'btn btn-primary', href: '/select', text: t('nav.select') }) : null),
    error, info, h('div', { class: 'table-wrap' }, table));

  let runtimeIds = null;
  try {
    const body = await api.runtimes();
    runtimeIds = (body.runtimes || []).map((r) => r.id);
    (body.runtimes || []).forEach((r) => runtimeSelect.appendChild(h('option', { value: r.id, text: r.name })));
  } catch {
    // The scan still works without the runtime list.
  }

  function adopt(process) {
    ctx.draft = { pid: process.pid, cmdline: process.cmdline, spec: specFromProcess(process, runtimeIds) };
    ctx.navigate('/register');
  }

  const cell = (key, props, ...children) => h('td', { ...props, dataset: { label: t(`scan.col.${key}`) } }, ...children);

  let processes = [];
  function render() {
    const shown = unmanagedOnly.checked ? processes.filter((p) => !p.app) : processes;
    replace(tbody, ...shown.map((process) => h('tr', { dataset: { pid: String(process.pid) } },
      cell('pid', { class: 'num mono', text: process.pid }),
      cell('user', { text: process.user ?? '—' }),
      cell('runtime', { text: process.runtime ?? '—' }),
      cell('command', { class: 'mono cmdline', text: process.cmdline, title: process.cmdline }),
      cell('cwd', { class: 'mono', text: process.cwd ?? '—' }),
      cell('ports', { class: 'mono', text: (process.ports || []).join(', ') || '—' }),
      cell('cpu', { class: 'num', text: formatPercent(process.cpu_percent) }),
      cell('ram', { class: 'num', text: formatBytes(process.memory_bytes) }),
      cell('started', { class: 'small', text: formatTime(process.started_at) }),
      cell('unit', { class: 'mono small', text: process.unit ?? t('scan.no_unit') }),
      cell('app', {}, process.app ? h('a', { href: `/apps/${encodeURIComponent(process.app)}`, text: process.app }) : h('span', { class: 'muted', text: '—' })),
      h('td', { class: 'actions' }, !process.app && ctx.can('admin')
        ? h('button', { class: 'btn btn-small btn-primary', type: 'button', text: t('scan.adopt'), dataset: { action: 'adopt' }, onclick: () => adopt(process), title: t('scan.adopt_title') })
        : null))));
    if (!shown.length) {
      tbody.appendChild(h('tr', {}, h('td', { colspan: columns.length, class: 'muted center', text: processes.length ? t('scan.all_managed') : t('scan.none') })));
    }
  }

  async function load() {
    refreshButton.disabled = true;
    setText(refreshButton, t('scan.scanning'));
    try {
      const body = await api.scan(runtimeSelect.value || null);
      processes = body.processes || [];
      error.hidden = true;
      const unmanaged = processes.filter((p) => !p.app).length;
      setText(info, t('scan.info', { count: processes.length, unmanaged, time: new Date().toLocaleTimeString(document.documentElement.lang) }));
      render();
    } catch (failure) {
      error.hidden = false;
      setText(error, t('scan.failed', { error: failure.describe() }));
    } finally {
      refreshButton.disabled = false;
      setText(refreshButton, t('common.refresh'));
    }
  }

  refreshButton.addEventListener('click', load);
  runtimeSelect.addEventListener('change', load);
  unmanagedOnly.addEventListener('change', render);
  await load();
  return undefined;
}
