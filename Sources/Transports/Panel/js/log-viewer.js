// The live log viewer shared by an app's logs (WS /logs/{name}) and the system
// log (WS /api/system/logs/stream): history then follow, coloured by level,
// level filter, search, pause/resume, auto-scroll, and a marker where the
// writing process changed (a restart). At phone width a line's message wraps
// under its time and level.

import { LiveSocket } from './api.js';
import { h, replace, setText } from './dom.js';
import { entryLevel, formatClock, passesLevel } from './format.js';
import { t } from './i18n.js';

const MAX_LINES = 5000;
const MAX_PAUSED = 10000;
const LEVEL_CHOICES = ['', '7', '6', '5', '4', '3', '2'];

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

/**
 * Whether an entry starts another process than the last one seen: PIDs of
 * the app's own lines (systemd's lines about the unit come from PID 1).
 * Returns the previous PID when it changed, else null; updates `tracker.pid`.
 */
export function pidChange(tracker, entry) {
  const pid = entry.pid;
  if (!pid || pid === 1) return null;
  const previous = tracker.pid;
  tracker.pid = pid;
  return previous && previous !== pid ? previous : null;
}

/**
 * A viewer. Options: `path(state)` the stream's path for {history, grep, cursor}
 * (`cursor`: the last entry shown, set when reconnecting);
 * `historyChoices`; `markRestarts` (PID changes); `render(entry)` the message
 * text of an entry (default its `message`); `extraCell(entry)` an optional
 * node before the message (the system log's source); `causeOfRestart()` the
 * cause already known when a marker is drawn (else null).
 * Returns {node, connect, close, reason(text)} — `reason` attaches the latest
 * known cause to the last restart marker that has none.
 */
export function createLogViewer({ path, historyChoices = [100, 200, 500, 1000, 5000], history = 200, markRestarts = false, render = null, extraCell = null, causeOfRestart = null }) {
  const state = {
    level: '',
    search: '',
    serverGrep: '',
    history,
    paused: false,
    follow: true,
    queue: [],
    queueDropped: 0,
    lastUsec: 0,
    lastCursor: null,
    recentCursors: new Set(),
    tracker: { pid: null },
    pendingMarker: null,
  };
  const messageOf = render || ((entry) => entry.message ?? '');

  const levelSelect = h('select', { class: 'input input-small', id: 'log-level', 'aria-label': t('logs.level') },
    ...LEVEL_CHOICES.map((value) => h('option', { value, text: t(`logs.level.${value || 'all'}`) })));
  const historySelect = h('select', { class: 'input input-small', id: 'log-history', 'aria-label': t('logs.history') },
    ...historyChoices.map((n) => h('option', { value: String(n), text: t('logs.last_n', { n }), selected: n === state.history })));
  const searchInput = h('input', { class: 'input input-search', id: 'log-search', type: 'search', placeholder: t('logs.search'), title: t('logs.search_title'), 'aria-label': t('logs.search') });
  const pauseButton = h('button', { class: 'btn btn-small', type: 'button', id: 'log-pause', text: t('logs.pause') });
  const clearButton = h('button', { class: 'btn btn-small btn-ghost', type: 'button', id: 'log-clear', text: t('logs.clear') });
  const followBox = h('input', { type: 'checkbox', id: 'log-follow', checked: true });
  const connection = h('span', { class: 'conn', id: 'log-connection', dataset: { status: 'connecting' }, text: t('logs.conn.connecting') });
  const counts = h('span', { class: 'muted small', id: 'log-counts' });
  const grepNote = h('span', { class: 'chip', hidden: true });
  const output = h('div', { class: 'log-output', id: 'log-output', role: 'log', 'aria-live': 'off', tabindex: '0' });
  const toolbar = h('div', { class: 'log-toolbar' },
    levelSelect, searchInput, grepNote, historySelect,
    h('label', { class: 'check' }, followBox, h('span', { text: t('logs.autoscroll') })),
    pauseButton, clearButton, counts);

  // MARK: Rendering

  function visible(entry) {
    if (!passesLevel(entry, state.level)) return false;
    return !state.search || messageOf(entry).toLowerCase().includes(state.search.toLowerCase());
  }

  function lineFor(entry) {
    const level = entryLevel(entry);
    const node = h('div', { class: `log-line level-${level}`, dataset: { level } },
      h('span', { class: 'log-time', text: formatClock(entry.timestamp), title: entry.timestamp }),
      h('span', { class: 'log-level', text: t(`level.${level}`) }),
      h('span', { class: 'log-pid', text: entry.pid ? String(entry.pid) : '' }),
      extraCell ? extraCell(entry) : null,
      h('span', { class: 'log-msg' }, ...highlight(messageOf(entry), state.search)));
    node.entry = entry;
    node.hidden = !visible(entry);
    return node;
  }

  function notice(text, kind = 'gap') {
    const node = h('div', { class: `log-notice notice-${kind}`, text });
    node.notice = true;
    return node;
  }

  function restartMarker(from, to) {
    const node = h('div', { class: 'log-notice notice-restart log-restart', role: 'note', dataset: { from: String(from), to: String(to) } });
    node.notice = true;
    node.base = t('logs.restarted', { from, to });
    node.textContent = `— ${node.base} —`;
    state.pendingMarker = node;
    const cause = causeOfRestart ? causeOfRestart() : null;
    if (cause) giveReason(cause);
    return node;
  }

  function giveReason(text) {
    const marker = state.pendingMarker;
    if (!marker || !text) return;
    marker.textContent = `— ${marker.base}, ${text} —`;
    marker.dataset.reason = text;
    state.pendingMarker = null;
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
    let text = t('logs.count', { total });
    if (shown !== total) text += `, ${t('logs.count_shown', { shown })}`;
    if (state.paused) text += ` · ${t('logs.count_paused', { count: state.queue.length + state.queueDropped })}`;
    setText(counts, text);
  }

  function refilter() {
    for (const node of output.children) {
      if (node.notice) continue;
      node.hidden = !visible(node.entry);
      const msg = node.querySelector('.log-msg');
      replace(msg, ...highlight(messageOf(node.entry), state.search));
    }
    if (state.follow) output.scrollTop = output.scrollHeight;
    updateCounts();
  }

  // MARK: Messages

  function receive(message) {
    const nodes = [];
    if (message && message.type === 'gap') {
      nodes.push(notice(`— ${t('logs.gap', { count: message.dropped })} —`));
    } else if (message && message.type === 'journal_gap') {
      nodes.push(notice(`— ${t('logs.journal_gap')} —`, 'journal-gap'));
    } else if (message && typeof message.message === 'string') {
      // After a reconnect the history repeats: skip what was already shown.
      if (message.realtime_usec < state.lastUsec || state.recentCursors.has(message.cursor)) return;
      state.lastUsec = message.realtime_usec || state.lastUsec;
      state.lastCursor = message.cursor || state.lastCursor;
      state.recentCursors.add(message.cursor);
      if (state.recentCursors.size > 2 * MAX_LINES) state.recentCursors = new Set(Array.from(state.recentCursors).slice(-MAX_LINES));
      if (markRestarts) {
        const previous = pidChange(state.tracker, message);
        if (previous) nodes.push(restartMarker(previous, message.pid));
      }
      nodes.push(message);
    } else if (message && message.type === 'error') {
      nodes.push(notice(`— ${t('logs.stream_error', { error: message.error?.message || '' })} —`, 'error'));
    } else {
      return;
    }
    for (const node of nodes) {
      if (state.paused) {
        if (state.queue.length >= MAX_PAUSED) {
          state.queue.shift();
          state.queueDropped += 1;
        }
        state.queue.push(node);
      } else {
        pending.push(node instanceof Node ? node : lineFor(node));
      }
    }
    if (state.paused) updateCounts();
    else schedule();
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
    const known = ['connecting', 'open', 'retrying', 'closed'];
    let text = t(`logs.conn.${known.includes(status) ? status : 'closed'}`);
    if (status === 'retrying' && delay) text += ` — ${t('logs.retrying_in', { seconds: Math.round(delay / 1000) })}`;
    setText(connection, text);
    connection.title = detail || '';
    if (status === 'retrying' || (status === 'closed' && detail)) {
      pending.push(notice(`— ${t(status === 'closed' ? 'logs.closed' : 'logs.interrupted', { detail: detail || t('logs.connection_lost') })} —`, 'error'));
      schedule();
    }
  }

  // MARK: Connection

  let socket = null;
  function connect() {
    if (socket) socket.close();
    state.lastUsec = 0;
    state.lastCursor = null;
    state.recentCursors = new Set();
    state.tracker = { pid: null };
    state.pendingMarker = null;
    replace(output);
    updateCounts();
    grepNote.hidden = !state.serverGrep;
    setText(grepNote, state.serverGrep ? t('logs.grep_note', { text: state.serverGrep }) : '');
    // A reconnect resumes after the last entry shown (where the stream supports it).
    socket = new LiveSocket(() => path({ history: state.history, grep: state.serverGrep || null, cursor: state.lastCursor }), {
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
    setText(pauseButton, state.paused ? t('logs.resume') : t('logs.pause'));
    pauseButton.classList.toggle('btn-primary', state.paused);
    if (!state.paused) {
      const nodes = [];
      if (state.queueDropped) nodes.push(notice(`— ${t('logs.not_kept', { count: state.queueDropped })} —`));
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

  return {
    toolbar,
    output,
    connection,
    connect,
    /** Gives the latest restart marker without a cause this one (e.g. "killed by SIGKILL", translated). */
    reason: giveReason,
    close() {
      if (socket) socket.close();
      cancelAnimationFrame(frame);
      clearTimeout(searchTimer);
    },
  };
}
