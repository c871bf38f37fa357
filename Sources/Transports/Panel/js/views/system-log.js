// The system log (/logs): the agent's own lines and systemd's messages about
// the managed units (started, stopped, failed with the reason), live, in the
// same viewer as an app's log.

import { h, replace } from '../dom.js';
import { t, translateReason } from '../i18n.js';
import { createLogViewer } from '../log-viewer.js';
import { alertName, operationName } from '../format.js';
import { pageHeader } from './common.js';

/** The text of a system log entry in the current language (events are worded by the panel). */
export function systemMessage(entry) {
  const event = entry.event;
  if (!event) return entry.message ?? '';
  const unit = entry.unit || `${event.app}.service`;
  const reason = event.detail ? ` (${translateReason(event.detail)})` : '';
  if (event.type === 'state') return t(`syslog.state.${event.state}`, { unit }) + reason;
  if (event.type === 'alert') return t('syslog.alert', { unit, alert: alertName(event.alert) }) + reason;
  if (event.type === 'operation') {
    return t('syslog.operation', {
      operation: operationName(event.operation), app: event.app, actor: event.actor || '?',
      result: event.result === 'ok' ? t('event.result_ok') : (event.result || '?'),
    }) + reason;
  }
  return entry.message ?? '';
}

/** Mounts the system log; returns its cleanup. */
export function mount(container) {
  const viewer = createLogViewer({
    path: ({ history }) => `/api/system/logs/stream?lines=${history}`,
    historyChoices: [100, 200, 500, 1000, 2000],
    render: systemMessage,
    extraCell: (entry) => h('span', { class: `log-source source-${entry.source}`, text: t(`syslog.source.${entry.source === 'systemd' ? 'systemd' : 'agent'}`) }),
  });
  replace(container,
    pageHeader(t('syslog.title'), t('syslog.subtitle'), viewer.connection),
    h('div', { class: 'log-main' }, viewer.toolbar, viewer.output));
  viewer.connect();
  return () => viewer.close();
}
