// Pure formatting helpers (no DOM): numbers, durations, states, log levels.

/** "48.1 MiB" from bytes; "—" for null. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(Number(bytes))) return '—';
  let value = Number(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** "1.5%" from a percentage; "—" for null. */
export function formatPercent(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  const number = Number(value);
  return `${number.toFixed(number >= 100 ? 0 : 1)}%`;
}

/** "3d 4h", "2h 5m", "4m 10s", "12s" from seconds; "—" for null. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '—';
  let s = Math.max(0, Math.floor(Number(seconds)));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) return `${d}d ${hours}h`;
  if (hours) return `${hours}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Local date and time of an ISO 8601 string, "—" for null. */
export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** HH:MM:SS.mmm of a log entry's ISO timestamp. */
export function formatClock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || '');
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Every app state of docs/api.md. */
export const STATES = ['running', 'stopped', 'starting', 'stopping', 'restarting', 'crashed', 'failed', 'zombie', 'unknown'];

/** The badge colour family of a state. */
export function stateTone(state) {
  switch (state) {
    case 'running': return 'ok';
    case 'starting': case 'stopping': case 'restarting': return 'busy';
    case 'crashed': case 'failed': return 'bad';
    case 'zombie': return 'warn';
    case 'stopped': return 'idle';
    default: return 'unknown';
  }
}

/** Log levels from most to least urgent (syslog priorities 0–7). */
export const LEVELS = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'];

/** The syslog priority of a level name (info when unknown). */
export function levelPriority(level) {
  const index = LEVELS.indexOf(level);
  return index < 0 ? 6 : index;
}

/** Whether a log entry passes a "this level or more urgent" filter (null: everything). */
export function passesLevel(entry, maxPriority) {
  if (maxPriority === null || maxPriority === undefined || maxPriority === '') return true;
  const level = entry.level || LEVELS[Math.min(7, Math.max(0, entry.priority ?? 6))];
  return levelPriority(level) <= Number(maxPriority);
}

/** One line describing an event of /api/events or the event stream. */
export function describeEvent(event) {
  switch (event.type) {
    case 'state':
      return `${event.previous || '?'} → ${event.state || '?'}`;
    case 'operation': {
      let text = `${event.operation || 'operation'}: ${event.result || '?'}`;
      if (event.actor) text += ` by ${event.actor}`;
      if (event.detail) text += ` — ${event.detail}`;
      return text;
    }
    case 'alert':
      return `${event.alert || 'alert'}${event.detail ? ` — ${event.detail}` : ''}`;
    default:
      return event.detail || JSON.stringify(event);
  }
}
