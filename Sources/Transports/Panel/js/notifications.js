// Alert notifications: each alert of the live event stream (crashed, crash
// loop, failed, zombie, unhealthy, start limit) becomes a card that stays
// until dismissed, with systemd's reason in the current language.

import { h } from './dom.js';
import { formatRelative, t, translateReason } from './i18n.js';
import { alertName, formatTime } from './format.js';

const MAX_SHOWN = 6;

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
    event.detail ? h('p', { class: 'alert-reason', text: translateReason(event.detail) }) : null,
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
    card.remove();
  });
  host.insertBefore(card, host.firstChild);
  while (host.childElementCount > MAX_SHOWN) host.lastChild.querySelector('.alert-close').click();
  return card;
}
