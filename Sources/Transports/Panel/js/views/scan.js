// Process scan: Node.js and Python processes on the host, which unit owns
// each, and an "Adopt" action that pre-fills the register form.

import { api } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { specFromProcess } from '../adopt.js';
import { formatBytes, formatPercent, formatTime } from '../format.js';
import { pageHeader } from './common.js';

/** Mounts the scan page; returns nothing to clean up (it refreshes on demand). */
export async function mount(container, ctx) {
  const runtimeSelect = h('select', { class: 'input input-small', id: 'scan-runtime', 'aria-label': 'Runtime' },
    h('option', { value: '', text: 'All runtimes' }));
  const refreshButton = h('button', { class: 'btn', type: 'button', id: 'scan-refresh', text: 'Refresh' });
  const unmanagedOnly = h('input', { type: 'checkbox', id: 'scan-unmanaged' });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const info = h('p', { class: 'muted small' });
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'scan-table' },
    h('thead', {}, h('tr', {}, ...['PID', 'User', 'Runtime', 'Command', 'Working dir', 'CPU', 'RAM', 'Started', 'Unit', 'App', '']
      .map((title) => h('th', { text: title, class: ['PID', 'CPU', 'RAM'].includes(title) ? 'num' : null })))),
    tbody);

  replace(container,
    pageHeader('Process scan', 'Node.js and Python processes running on this host, and the systemd unit that owns each.',
      runtimeSelect, h('label', { class: 'check' }, unmanagedOnly, h('span', { text: 'Not managed only' })), refreshButton),
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
    ctx.navigate('#/register');
  }

  let processes = [];
  function render() {
    const shown = unmanagedOnly.checked ? processes.filter((p) => !p.app) : processes;
    replace(tbody, ...shown.map((process) => h('tr', { dataset: { pid: String(process.pid) } },
      h('td', { class: 'num mono', text: process.pid }),
      h('td', { text: process.user ?? '—' }),
      h('td', { text: process.runtime ?? '—' }),
      h('td', { class: 'mono cmdline', text: process.cmdline, title: process.cmdline }),
      h('td', { class: 'mono', text: process.cwd ?? '—' }),
      h('td', { class: 'num', text: formatPercent(process.cpu_percent) }),
      h('td', { class: 'num', text: formatBytes(process.memory_bytes) }),
      h('td', { class: 'small', text: formatTime(process.started_at) }),
      h('td', { class: 'mono small', text: process.unit ?? 'none' }),
      h('td', {}, process.app ? h('a', { href: `#/apps/${encodeURIComponent(process.app)}`, text: process.app }) : h('span', { class: 'muted', text: '—' })),
      h('td', { class: 'actions' }, !process.app && ctx.can('admin')
        ? h('button', { class: 'btn btn-small btn-primary', type: 'button', text: 'Adopt', dataset: { action: 'adopt' }, onclick: () => adopt(process), title: 'Pre-fill the register form from this process' })
        : null))));
    if (!shown.length) {
      tbody.appendChild(h('tr', {}, h('td', { colspan: 11, class: 'muted center', text: processes.length ? 'Every process found is managed.' : 'No Node.js or Python processes found.' })));
    }
  }

  async function load() {
    refreshButton.disabled = true;
    setText(refreshButton, 'Scanning…');
    try {
      const body = await api.scan(runtimeSelect.value || null);
      processes = body.processes || [];
      error.hidden = true;
      const unmanaged = processes.filter((p) => !p.app).length;
      setText(info, `${processes.length} processes, ${unmanaged} not managed by this agent · scanned ${new Date().toLocaleTimeString()}`);
      render();
    } catch (failure) {
      error.hidden = false;
      setText(error, `Scan failed: ${failure.describe()}`);
    } finally {
      refreshButton.disabled = false;
      setText(refreshButton, 'Refresh');
    }
  }

  refreshButton.addEventListener('click', load);
  runtimeSelect.addEventListener('change', load);
  unmanagedOnly.addEventListener('change', render);
  await load();
  return undefined;
}
