// Pure formatting helpers (no DOM): numbers, durations, states, log levels,
// events — in the current language (i18n.js).

import { formatDateTime, formatNumber, t, translateReason } from './i18n.js';

const DASH = '—';
const missing = (value) => value === null || value === undefined || value === '' || Number.isNaN(Number(value));

/** "48.1 MiB" / "48,1 MiB" from bytes; "—" for null. */
export function formatBytes(bytes) {
  if (missing(bytes)) return DASH;
  let value = Number(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[unit]}`;
}

/** "1.5 %" style percentage in the current locale; "—" for null. */
export function formatPercent(value) {
  if (missing(value)) return DASH;
  const number = Number(value);
  const digits = number >= 100 ? 0 : 1;
  return formatNumber(number / 100, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "3d 4h", "2h 5m", "4m 10s", "12s" (units from the table) from seconds; "—" for null. */
export function formatDuration(seconds) {
  if (missing(seconds)) return DASH;
  let s = Math.max(0, Math.floor(Number(seconds)));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const part = (n, unit) => t(`unit.${unit}`, { n });
  if (d) return `${part(d, 'd')} ${part(hours, 'h')}`;
  if (hours) return `${part(hours, 'h')} ${part(m, 'm')}`;
  if (m) return `${part(m, 'm')} ${part(s, 's')}`;
  return part(s, 's');
}

/** Local date and time of an ISO 8601 string, "—" for null. */
export function formatTime(iso) {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return formatDateTime(date);
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

/** The name of a state in the current language. */
export function stateName(state) {
  return t(`state.${STATES.includes(state) ? state : 'unknown'}`);
}

/** The badge colour family of a state. */
export function stateTone(state) {
  switch (state) {
    case 'running': return 'ok';
    case 'starting': case 'stopping': return 'busy';
    case 'restarting': return 'warn';
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

/** The level of an entry: its `level`, else from its priority. */
export function entryLevel(entry) {
  return LEVELS.includes(entry.level) ? entry.level : LEVELS[Math.min(7, Math.max(0, entry.priority ?? 6))];
}

/** Whether a log entry passes a "this level or more urgent" filter (null: everything). */
export function passesLevel(entry, maxPriority) {
  if (maxPriority === null || maxPriority === undefined || maxPriority === '') return true;
  return levelPriority(entryLevel(entry)) <= Number(maxPriority);
}

/** The name of an alert kind in the current language. */
export function alertName(alert) {
  const known = ['crashed', 'crash_loop', 'failed', 'zombie', 'unhealthy', 'start_limit', 'drift'];
  return known.includes(alert) ? t(`alert.${alert}`) : String(alert || t('alert.other'));
}

/** The name of an operation in the current language. */
export function operationName(operation) {
  const known = ['start', 'stop', 'restart', 'enable', 'disable', 'register', 'update', 'delete'];
  return known.includes(operation) ? t(`operation.${operation}`) : String(operation || '?');
}

/** One line describing an event of /api/events or the event stream. */
export function describeEvent(event) {
  const detail = event.detail ? ` — ${translateReason(event.detail)}` : '';
  switch (event.type) {
    case 'state':
      return `${event.previous ? stateName(event.previous) : '?'} → ${stateName(event.state)}${detail}`;
    case 'operation':
      return t('event.operation', {
        operation: operationName(event.operation),
        result: event.result === 'ok' ? t('event.result_ok') : (event.result || '?'),
        actor: event.actor || '?',
      }) + detail;
    case 'alert':
      return `${alertName(event.alert)}${detail}`;
    default:
      return event.detail ? translateReason(event.detail) : JSON.stringify(event);
  }
}

/** "falló — código de salida 1" for an app status: the state, with its reason when there is one. */
export function stateWithReason(status) {
  const state = stateName(status?.state);
  return status?.reason ? `${state} — ${translateReason(status.reason)}` : state;
}
