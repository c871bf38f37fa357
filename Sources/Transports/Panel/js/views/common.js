// Pieces shared by the views: headers, state badges, app actions, polling.

import { api } from '../api.js';
import { h, confirmDialog, toast, toastError } from '../dom.js';
import { stateTone } from '../format.js';

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
  return h('span', { class: `badge tone-${stateTone(value)}`, dataset: { state: value }, text: value });
}

/** Updates an existing state badge in place. */
export function updateBadge(badge, state) {
  const value = state || 'unknown';
  if (badge.dataset.state === value) return;
  badge.dataset.state = value;
  badge.className = `badge tone-${stateTone(value)}`;
  badge.textContent = value;
}

/** Which actions a role may take, and what they need. */
export const ACTIONS = {
  start: { label: 'Start', role: 'operator', past: 'started' },
  stop: { label: 'Stop', role: 'operator', past: 'stopped' },
  restart: { label: 'Restart', role: 'operator', past: 'restarted' },
  enable: { label: 'Enable', role: 'operator', past: 'enabled' },
  disable: { label: 'Disable', role: 'operator', past: 'disabled' },
  delete: { label: 'Delete', role: 'admin', past: 'deleted' },
};

/**
 * Runs an action on an app (asking first for delete), with a toast for the
 * outcome. Resolves to the API's answer, or null when cancelled or failed.
 */
export async function performAction(name, action) {
  if (action === 'delete') {
    const confirmed = await confirmDialog({
      title: `Delete ${name}?`,
      message: `This stops and disables ${name}, removes its unit file and forgets it. Its files on disk are kept.`,
      confirm: 'Delete',
      danger: true,
    });
    if (!confirmed) return null;
  }
  try {
    const result = action === 'delete' ? await api.remove(name) : await api.operate(name, action);
    toast(`${name} ${ACTIONS[action].past}`, 'success', 3500);
    return result || {};
  } catch (error) {
    toastError(`${ACTIONS[action].label} ${name}`, error);
    return null;
  }
}

/**
 * A button for an action: disabled (with a reason) when the role may not,
 * busy while the request runs. `after(result)` runs on success.
 */
export function actionButton(ctx, name, action, { after, small = true, extraClass = '' } = {}) {
  const spec = ACTIONS[action];
  const allowed = ctx.can(spec.role);
  const classes = ['btn', small ? 'btn-small' : '', action === 'delete' ? 'btn-danger-ghost' : '', extraClass].filter(Boolean).join(' ');
  const button = h('button', {
    class: classes,
    type: 'button',
    text: spec.label,
    dataset: { action, app: name, allowed: String(allowed) },
    disabled: !allowed,
    title: allowed ? `${spec.label} ${name}` : `Needs the ${spec.role} role`,
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
 * `{stop, now}` (`now()` runs it immediately, e.g. after an event).
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
      console.error(error);
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
