// DOM helpers. Data from the agent is only ever inserted as text (textContent,
// text nodes, attribute values) — never parsed as HTML.

import { t } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Creates an element: `h('button', {class: 'btn', onclick: fn, disabled: true}, 'Start')`.
 * `text` sets textContent, `dataset` data-* attributes, `on*` functions listeners;
 * booleans and non-strings set properties; everything else is an attribute.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (typeof value !== 'string' && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** Creates an SVG element with attributes. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Removes every child of `el` and appends `children`. */
export function replace(el, ...children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
  return el;
}

/** Sets textContent only when it changed (keeps selections and avoids layout work). */
export function setText(el, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== value) el.textContent = value;
}

// MARK: - Toasts

let toastHost = null;

/** A short notice in the corner: kind is "info", "success", "warning" or "error". */
export function toast(message, kind = 'info', timeout = 6000) {
  if (!toastHost) {
    toastHost = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(toastHost);
  }
  const close = h('button', { class: 'toast-close', type: 'button', 'aria-label': t('common.dismiss'), title: t('common.dismiss'), text: '×' });
  const node = h('div', { class: `toast toast-${kind}` }, h('span', { class: 'toast-text', text: message }), close);
  const remove = () => node.remove();
  close.addEventListener('click', remove);
  toastHost.appendChild(node);
  if (timeout) setTimeout(remove, timeout);
  return node;
}

/** Shows an ApiError (or any error) as an error toast. */
export function toastError(prefix, error) {
  const text = error && typeof error.describe === 'function' ? error.describe() : String(error && error.message ? error.message : error);
  const code = error && error.code ? ` [${error.code}]` : '';
  return toast(`${prefix}: ${text}${code}`, error && error.status === 429 ? 'warning' : 'error', 9000);
}

// MARK: - Confirmation dialog

/**
 * Asks for confirmation in a modal; resolves to true when confirmed.
 * `danger` styles the confirm button red.
 */
export function confirmDialog({ title, message, confirm = t('common.confirm'), danger = false }) {
  return new Promise((resolve) => {
    const ok = h('button', { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, type: 'button', text: confirm, dataset: { role: 'confirm' } });
    const cancel = h('button', { class: 'btn', type: 'button', text: t('common.cancel'), dataset: { role: 'cancel' } });
    const dialog = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true' },
      h('div', { class: 'modal-card' },
        h('h2', { class: 'modal-title', text: title }),
        h('p', { class: 'modal-message', text: message }),
        h('div', { class: 'modal-actions' }, cancel, ok)));
    const done = (value) => {
      document.removeEventListener('keydown', onKey);
      dialog.remove();
      resolve(value);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') done(false);
    };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) done(false);
    });
    document.addEventListener('keydown', onKey);
    document.body.appendChild(dialog);
    cancel.focus();
  });
}
