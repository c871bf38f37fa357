// The panel's words: one table per language (js/lang/*.js, the same keys),
// the chosen language (browser languages, then the switch, remembered), and
// numbers, dates and relative times through Intl for that language.
// Pure apart from `storage`/`navigator` read lazily, so Node tests import it.

import es from './lang/es.js';
import en from './lang/en.js';

/** Every table, by language code; Spanish first. */
export const TABLES = { es, en };
/** The languages offered, in order. */
export const LANGUAGES = ['es', 'en'];
const LOCALES = { es: 'es-ES', en: 'en-GB' };
const STORAGE_KEY = 'siax.lang';

let current = 'es';

/** The language to use: the remembered choice, else the first browser language we have, else Spanish. */
export function pickLanguage(stored, browserLanguages = []) {
  if (LANGUAGES.includes(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'es';
}

/** The current language code. */
export function language() {
  return current;
}

/** The Intl locale of the current language. */
export function locale() {
  return LOCALES[current];
}

/** Switches language (unknown codes are ignored); `remember` stores the choice in the browser. */
export function setLanguage(code, { remember = false } = {}) {
  if (!LANGUAGES.includes(code)) return;
  current = code;
  if (remember && typeof localStorage !== 'undefined') {
    try {
      localStorage.setItem(STORAGE_KEY, code);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  }
  if (typeof document !== 'undefined') document.documentElement.lang = code;
}

/** Chooses the language at start-up from the stored choice and the browser's languages. */
export function initLanguage() {
  let stored = null;
  try {
    stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  } catch {
    stored = null;
  }
  const browser = typeof navigator !== 'undefined' ? (navigator.languages || [navigator.language]) : [];
  setLanguage(pickLanguage(stored, browser));
}

/** Whether the current table has `key`. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(TABLES[current], key);
}

/** The text of `key` in the current language, `{name}` replaced from `params`. */
export function t(key, params = {}) {
  const table = TABLES[current];
  const text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
}

/** A number in the current locale. */
export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** A date and time in the current locale (seconds shown). */
export function formatDateTime(date) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

/** "hace 5 min" / "5 min ago" for a date relative to `now`. */
export function formatRelative(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/**
 * Translates a reason or alert detail the agent writes in English
 * ("exit code 1", "killed by SIGKILL", "restarted 5 times within 60 s; last
 * failure: exit code 1", …) into the current language; unknown text is kept.
 */
export function translateReason(text) {
  if (!text) return '';
  const value = String(text).replace(/^systemd: /, '');
  const loop = value.match(/^restarted (\d+) times within (\d+) s(?:; last failure: (.*))?$/);
  if (loop) {
    const base = t('reason.crash_loop', { count: loop[1], seconds: loop[2] });
    return loop[3] ? `${base}; ${t('reason.last_failure', { reason: translateReason(loop[3]) })}` : base;
  }
  const patterns = [
    [/^exit code (\d+)$/, (m) => t('reason.exit_code', { code: m[1] })],
    [/^killed by (SIG\w+)$/, (m) => t('reason.killed', { signal: m[1] })],
    [/^dumped core \((SIG\w+)\)$/, (m) => t('reason.core', { signal: m[1] })],
    [/^timed out$/, () => t('reason.timeout')],
    [/^killed by the OOM killer$/, () => t('reason.oom')],
    [/^watchdog timeout$/, () => t('reason.watchdog')],
    [/^start limit hit$/, () => t('reason.start_limit')],
    [/^result (.+)$/, (m) => t('reason.result', { result: m[1] })],
  ];
  for (const [pattern, render] of patterns) {
    const match = value.match(pattern);
    if (match) return render(match);
  }
  return value;
}

/**
 * A field error the agent wrote in English ("/srv/a.js does not exist", "no
 * system user named 'x'", …) in the current language; an unknown message is
 * shown as the agent's own words, said to come from it.
 */
export function translateServerMessage(text) {
  const value = String(text || '');
  const patterns = [
    [/^(.+) does not exist$/, (m) => t('server.not_exist', { path: m[1] })],
    [/^(.+) is not a regular file$/, (m) => t('server.not_file', { path: m[1] })],
    [/^(.+) is not an existing directory$/, (m) => t('server.not_dir', { path: m[1] })],
    [/^no system user named '(.+)'$/, (m) => t('server.no_user', { user: m[1] })],
    [/^must be between 1 and 65535$/, () => t('v.port')],
  ];
  for (const [pattern, render] of patterns) {
    const match = value.match(pattern);
    if (match) return render(match);
  }
  return t('register.server_said', { message: value });
}
