// Live log viewer over WS /logs/{name}: history then follow, coloured by
// level, with a level filter, search, pause/resume and auto-scroll.

import { LiveSocket, logStreamPath } from '../api.js';
import { h, replace, setText } from '../dom.js';
import { formatClock, LEVELS, passesLevel } from '../format.js';

const MAX_LINES = 5000;
const MAX_PAUSED = 10000;
const HISTORY_CHOICES = [100, 200, 500, 1000, 5000];
const LEVEL_CHOICES = [
  ['', 'All levels'], ['7', 'Debug and above'], ['6', 'Info and above'], ['5', 'Notice and above'],
  ['4', 'Warning and above'], ['3', 'Error and above'], ['2', 'Critical and above'],
];

/** The message split into text and <mark> nodes around case-insensitive matches of `needle`. */
export function highlight(text, needle) {
  if (!needle) return [text];
  const lower = text.toLowerCase();
  const target = needle.toLowerCase();
  const parts = [];
  let from = 0;
  let index = lower.indexOf(target, from);
  while (index >= 0) {
    if (index > from) parts.push(text.slice(from, index));
    parts.push(h('mark', { text: text.slice(index, index + target.length) }));
    from = index + target.length;
    index = lower.indexOf(target, from);
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** Mounts the viewer for `params.name`; returns its cleanup (closes the socket). */
export function mount(container, ctx, params) {
  const name = params.name;
  const state = {
    level: '',
    search: '',
    serverGrep: '',
    history: 200,
    paused: false,
    follow: true,
    queue: [],
    queueDropped: 0,
    lastUsec: 0,
    recentCursors: new Set(),
    count: 0,
  };

  const levelSelect = h('select', { class: 'input input-small', id: 'log-level', 'aria-label': 'Level' },
    ...LEVEL_CHOICES.map(([value, label]) => h('option', { value, text: label })));
  const historySelect = h('select', { class: 'input input-small', id: 'log-history', 'aria-label': 'History lines' },
    ...HISTORY_CHOICES.map((n) => h('option', { value: String(n), text: `last ${n}`, selected: n === state.history })));
  const searchInput = h('input', { class: 'input input-search', id: 'log-search', type: 'search', placeholder: 'Search logs', title: 'Filters the lines shown; press Enter to search the journal on the agent', 'aria-label': 'Search' });
  const pauseButton = h('button', { class: 'btn btn-small', type: 'button', id: 'log-pause', text: 'Pause' });
  const clearButton = h('button', { class: 'btn btn-small btn-ghost', type: 'button', id: 'log-clear', text: 'Clear' });
  const followBox = h('input', { type: 'checkbox', id: 'log-follow', checked: true });
  const connection = h('span', { class: 'conn', id: 'log-connection', dataset: { status: 'connecting' }, text: 'connecting' });
  const counts = h('span', { class: 'muted small', id: 'log-counts' });
  const grepNote = h('span', { class: 'chip', hidden: true });
  const output = h('div', { class: 'log-output', id: 'log-output', role: 'log', 'aria-live': 'off', tabindex: '0' });

  replace(container,
    h('nav', { class: 'breadcrumb' }, h('a', { href: '#/apps', text: 'Applications' }), h('span', { text: '/' }),
      h('a', { href: `#/apps/${encodeURIComponent(name)}`, text: name }), h('span', { text: '/' }), h('span', { text: 'Logs' })),
    h('div', { class: 'page-header' },
      h('div', { class: 'title-row' }, h('h1', { text: `Logs · ${name}` }), connection),
      h('div', { class: 'page-actions' }, counts)),
    h('div', { class: 'log-toolbar' },
      levelSelect, searchInput, grepNote, historySelect,
      h('label', { class: 'check' }, followBox, h('span', { text: 'Auto-scroll' })),
      pauseButton, clearButton),
    output);

  // MARK: Rendering

  function visible(entry) {
    if (!passesLevel(entry, state.level)) return false;
    return !state.search || (entry.message || '').toLowerCase().includes(state.search.toLowerCase());
  }

  function lineFor(entry) {
    const level = entry.level || LEVELS[entry.priority ?? 6] || 'info';
    const node = h('div', { class: `log-line level-${level}` },
      h('span', { class: 'log-time', text: formatClock(entry.timestamp), title: entry.timestamp }),
      h('span', { class: 'log-level', text: level }),
      entry.pid ? h('span', { class: 'log-pid', text: String(entry.pid) }) : h('span', { class: 'log-pid' }),
      h('span', { class: 'log-msg' }, ...highlight(entry.message ?? '', state.search)));
    node.entry = entry;
    node.hidden = !visible(entry);
    return node;
  }

  function notice(text, kind = 'gap') {
    const node = h('div', { class: `log-notice notice-${kind}`, text });
    node.notice = true;
    return node;
  }

  function atBottom() {
    return output.scrollHeight - output.scrollTop - output.clientHeight < 24;
  }

  function append(nodes) {
    if (!nodes.length) return;
    const fragment = document.createDocumentFragment();
    nodes.forEach((node) => fragment.appendChild(node));
    output.appendChild(fragment);
    let excess = output.childElementCount - MAX_LINES;
    while (excess > 0) {
      output.firstChild.remove();
      excess -= 1;
    }
    if (state.follow) output.scrollTop = output.scrollHeight;
    updateCounts();
  }

  function updateCounts() {
    let shown = 0;
    let total = 0;
    for (const node of output.children) {
      if (node.notice) continue;
      total += 1;
      if (!node.hidden) shown += 1;
    }
    let text = `${total} entries${shown !== total ? `, ${shown} shown` : ''}`;
    if (state.paused) text += ` · paused, ${state.queue.length + state.queueDropped} new`;
    setText(counts, text);
  }

  function refilter() {
    for (const node of output.children) {
      if (node.notice) continue;
      node.hidden = !visible(node.entry);
      const msg = node.querySelector('.log-msg');
      replace(msg, ...highlight(node.entry.message ?? '', state.search));
    }
    if (state.follow) output.scrollTop = output.scrollHeight;
    updateCounts();
  }

  // MARK: Messages

  function receive(message) {
    let node;
    if (message && message.type === 'gap') {
      node = notice(`— ${message.dropped} entries dropped: the panel could not keep up —`);
    } else if (message && typeof message.message === 'string') {
      // After a reconnect the history repeats: skip what was already shown.
      if (message.realtime_usec < state.lastUsec || state.recentCursors.has(message.cursor)) return;
      state.lastUsec = message.realtime_usec || state.lastUsec;
      state.recentCursors.add(message.cursor);
      if (state.recentCursors.size > 2 * MAX_LINES) state.recentCursors = new Set(Array.from(state.recentCursors).slice(-MAX_LINES));
      node = message;
    } else if (message && message.type) {
      node = notice(`— ${message.type}${message.message ? `: ${message.message}` : ''} —`, 'info');
    } else {
      return;
    }
    if (state.paused) {
      if (state.queue.length >= MAX_PAUSED) {
        state.queue.shift();
        state.queueDropped += 1;
      }
      state.queue.push(node);
      updateCounts();
      return;
    }
    pending.push(node instanceof Node ? node : lineFor(node));
    schedule();
  }

  // Batch DOM work per animation frame: a burst of entries costs one layout.
  let pending = [];
  let frame = 0;
  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const nodes = pending;
      pending = [];
      append(nodes);
    });
  }

  function setConnection(status, detail, delay) {
    connection.dataset.status = status;
    const labels = { connecting: 'connecting…', open: 'live', retrying: 'disconnected', closed: 'closed' };
    let text = labels[status] || status;
    if (status === 'retrying' && delay) text += ` — retrying in ${Math.round(delay / 1000)} s`;
    setText(connection, text);
    connection.title = detail || '';
    if (status === 'retrying' || (status === 'closed' && detail)) {
      pending.push(notice(`— log stream ${status === 'closed' ? 'closed' : 'interrupted'}: ${detail || 'connection lost'} —`, 'error'));
      schedule();
    }
  }

  // MARK: Connection

  let socket = null;
  function connect() {
    if (socket) socket.close();
    state.lastUsec = 0;
    state.recentCursors = new Set();
    replace(output);
    updateCounts();
    grepNote.hidden = !state.serverGrep;
    setText(grepNote, state.serverGrep ? `journal filtered by "${state.serverGrep}"` : '');
    socket = new LiveSocket(() => logStreamPath(name, { lines: state.history, grep: state.serverGrep || null }), {
      onMessage: receive,
      onStatus: setConnection,
    }).start();
  }

  // MARK: Controls

  levelSelect.addEventListener('change', () => {
    state.level = levelSelect.value;
    refilter();
  });
  let searchTimer = 0;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.search = searchInput.value;
      refilter();
      if (!searchInput.value && state.serverGrep) {
        state.serverGrep = '';
        connect();
      }
    }, 150);
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    state.search = searchInput.value;
    state.serverGrep = searchInput.value;
    connect();
  });
  historySelect.addEventListener('change', () => {
    state.history = Number(historySelect.value);
    connect();
  });
  pauseButton.addEventListener('click', () => {
    state.paused = !state.paused;
    setText(pauseButton, state.paused ? 'Resume' : 'Pause');
    pauseButton.classList.toggle('btn-primary', state.paused);
    if (!state.paused) {
      const nodes = [];
      if (state.queueDropped) nodes.push(notice(`— ${state.queueDropped} entries not kept while paused —`));
      for (const item of state.queue) nodes.push(item instanceof Node ? item : lineFor(item));
      state.queue = [];
      state.queueDropped = 0;
      append(nodes);
    }
    updateCounts();
  });
  clearButton.addEventListener('click', () => {
    replace(output);
    updateCounts();
  });
  followBox.addEventListener('change', () => {
    state.follow = followBox.checked;
    if (state.follow) output.scrollTop = output.scrollHeight;
  });
  output.addEventListener('scroll', () => {
    const bottom = atBottom();
    if (state.follow !== bottom) {
      state.follow = bottom;
      followBox.checked = bottom;
    }
  }, { passive: true });

  connect();
  return () => {
    if (socket) socket.close();
    cancelAnimationFrame(frame);
    clearTimeout(searchTimer);
  };
}
