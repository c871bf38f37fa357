// Pieces shared by the views: headers, state badges, app actions, polling.

import { api } from '../api.js';
import { h, confirmDialog, toast, toastError } from '../dom.js';
import { stateName, stateTone } from '../format.js';
import { t } from '../i18n.js';

/** A page title with an optional subtitle and actions on the right. */
export function pageHeader(title, subtitle, ...actions) {
  return h('div', { class: 'page-header' },
    h('div', {},
      h('h1', { text: title }),
      subtitle ? h('p', { class: 'muted', text: subtitle }) : null),
    h('div', { class: 'page-actions' }, ...actions));
}

/** A coloured badge for an app state. */
export function stateBadge(state) {
  const value = state || 'unknown';
  return h('span', { class: `badge tone-${stateTone(value)}`, dataset: { state: value }, text: stateName(value) });
}

/** Updates an existing state badge in place. */
export function updateBadge(badge, state) {
  const value = state || 'unknown';
  if (badge.dataset.state === value) return;
  badge.dataset.state = value;
  badge.className = `badge tone-${stateTone(value)}`;
  badge.textContent = stateName(value);
}

/** The role each action needs (labels: `action.<name>`, outcomes: `action.<name>.done`). */
export const ACTIONS = {
  start: { role: 'operator' },
  stop: { role: 'operator' },
  restart: { role: 'operator' },
  enable: { role: 'operator' },
  disable: { role: 'operator' },
  delete: { role: 'admin' },
};

/** Why an action cannot be used in this session, or null when it can. */
export function actionBlocker(ctx, action) {
  const spec = ACTIONS[action];
  if (!ctx.can(spec.role)) return t('action.needs_role', { role: t(`role.${spec.role}`) });
  if (!ctx.privileged()) return t('action.no_privileges');
  return null;
}

/**
 * Runs an action on an app (asking first for delete), with a toast for the
 * outcome. Resolves to the API's answer, or null when cancelled or failed.
 */
export async function performAction(name, action) {
  if (action === 'delete') {
    const confirmed = await confirmDialog({
      title: t('action.delete.title', { name }),
      message: t('action.delete.message', { name }),
      confirm: t('action.delete'),
      danger: true,
    });
    if (!confirmed) return null;
  }
  try {
    const result = action === 'delete' ? await api.remove(name) : await api.operate(name, action);
    toast(t(`action.${action}.done`, { name }), 'success', 3500);
    return result || {};
  } catch (error) {
    toastError(`${t(`action.${action}`)} ${name}`, error);
    return null;
  }
}

/**
 * A button for an action: disabled (with a reason) when the role may not,
 * busy while the request runs. `after(result)` runs on success.
 */
export function actionButton(ctx, name, action, { after, small = true, extraClass = '' } = {}) {
  const blocker = actionBlocker(ctx, action);
  const allowed = !blocker;
  const classes = ['btn', small ? 'btn-small' : '', action === 'delete' ? 'btn-danger-ghost' : '', extraClass].filter(Boolean).join(' ');
  const label = t(`action.${action}`);
  const button = h('button', {
    class: classes,
    type: 'button',
    text: label,
    dataset: { action, app: name, allowed: String(allowed) },
    disabled: !allowed,
    title: allowed ? `${label} ${name}` : blocker,
    'aria-label': `${label} ${name}`,
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.classList.add('busy');
    const result = await performAction(name, action);
    button.classList.remove('busy');
    button.disabled = !allowed;
    if (result && after) after(result);
  });
  return button;
}

/**
 * Disables the buttons of `container` whose action does not apply to `state`
 * (Start while running, Stop while stopped), keeping role restrictions and busy buttons.
 */
export function syncActionButtons(container, state) {
  for (const button of container.querySelectorAll('button[data-action]')) {
    if (button.classList.contains('busy')) continue;
    const action = button.dataset.action;
    let applies = true;
    if (action === 'start') applies = !['running', 'starting', 'restarting'].includes(state);
    if (action === 'stop') applies = state !== 'stopped';
    button.disabled = button.dataset.allowed !== 'true' || !applies;
  }
}

/**
 * Calls `fn` now and every `ms` milliseconds, never twice at once; returns
 * `{stop, now}` (`now()` runs it immediately, e.g. after an event). A call
 * that cannot reach the agent (restarting, network down) just waits for the
 * next one; other failures go to the console.
 */
export function poll(fn, ms) {
  let stopped = false;
  let running = false;
  let again = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      await fn();
    } catch (error) {
      if (error.code !== 'network') console.error(error);
    }
    running = false;
    if (stopped) return;
    if (again) {
      again = false;
      tick();
      return;
    }
    timer = setTimeout(tick, ms);
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    now: tick,
  };
}

/** A definition list row pair for detail grids. */
export function infoRow(label, value) {
  const node = value instanceof Node ? value : h('span', { text: value === null || value === undefined || value === '' ? '—' : String(value) });
  return [h('dt', { text: label }), h('dd', {}, node)];
}
