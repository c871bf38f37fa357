// Alert notifications: each alert of the live event stream (crashed, crash
// loop, failed, zombie, unhealthy, start limit) becomes a card that stays
// until dismissed, with systemd's reason in the current language.

import { h } from './dom.js';
import { formatRelative, t, translateReason } from './i18n.js';
import { alertName, formatTime } from './format.js';

const MAX_SHOWN = 6;
/** How long a card without a reason takes one from a later event of its app. */
const REASON_WAIT_MS = 60000;

/** Cards still waiting for systemd's reason, by app. */
const waiting = new Map();

/** Alerts that are good news (recoveries) are not raised. */
const RECOVERIES = new Set(['healthy', 'recovered']);

/** Shows an alert event; returns its card (null for a recovery). */
export function showAlert(event) {
  if (RECOVERIES.has(event.alert)) return null;
  const host = document.getElementById('alerts');
  const close = h('button', { class: 'alert-close', type: 'button', text: '×', title: t('common.dismiss'), 'aria-label': t('common.dismiss') });
  const app = event.app
    ? h('a', { class: 'alert-app', href: `/apps/${encodeURIComponent(event.app)}`, text: event.app })
    : null;
  const card = h('div', { class: `alert-card alert-${event.alert}`, role: 'alert', dataset: { alert: event.alert || '', app: event.app || '' } },
    h('div', { class: 'alert-head' },
      h('strong', { class: 'alert-kind', text: alertName(event.alert) }),
      app,
      close),
    h('p', { class: 'alert-reason', text: event.detail ? translateReason(event.detail) : '' }),
    h('p', { class: 'alert-time muted small', text: formatTime(event.at), title: event.at }),
    event.app ? h('a', { class: 'alert-logs small', href: `/apps/${encodeURIComponent(event.app)}/logs`, text: t('alert.see_logs') }) : null);
  // The time since the alert, kept current while the card is shown.
  const time = card.querySelector('.alert-time');
  const tick = () => {
    const at = new Date(event.at);
    if (!Number.isNaN(at.getTime())) time.textContent = `${formatTime(event.at)} · ${formatRelative(at)}`;
  };
  tick();
  const timer = setInterval(tick, 10000);
  close.addEventListener('click', () => {
    clearInterval(timer);
    if (waiting.get(event.app)?.card === card) waiting.delete(event.app);
    card.remove();
  });
  if (!event.detail && event.app) waiting.set(event.app, { card, since: Date.now() });
  host.insertBefore(card, host.firstChild);
  while (host.childElementCount > MAX_SHOWN) host.lastChild.querySelector('.alert-close').click();
  return card;
}

/**
 * Gives a shown alert without a reason the one a later event of its app
 * carries (the monitor may notice a crash before systemd says why).
 */
export function noteReason(event) {
  const entry = event.app ? waiting.get(event.app) : null;
  if (!entry || !event.detail) return;
  waiting.delete(event.app);
  if (Date.now() - entry.since > REASON_WAIT_MS || !entry.card.isConnected) return;
  entry.card.querySelector('.alert-reason').textContent = translateReason(event.detail);
}
