// API tokens (admin): list, create (the token is shown once) and delete.

import { api } from '../api.js';
import { h, replace, setText, confirmDialog, toast, toastError } from '../dom.js';
import { formatTime } from '../format.js';
import { t } from '../i18n.js';
import { pageHeader } from './common.js';

/** Mounts the tokens page. */
export async function mount(container, ctx) {
  if (!ctx.can('admin')) {
    replace(container, pageHeader(t('nav.tokens')), h('div', { class: 'inline-error', text: t('tokens.needs_admin') }));
    return undefined;
  }
  const nameInput = h('input', { class: 'input', id: 'token-name', placeholder: 'ci-deploy', maxlength: 64 });
  const roleSelect = h('select', { class: 'input', id: 'token-role' },
    ...['viewer', 'operator', 'admin'].map((role) => h('option', { value: role, text: t(`role.${role}`) })));
  const createButton = h('button', { class: 'btn btn-primary', type: 'submit', text: t('tokens.create') });
  const created = h('div', { class: 'note note-success', hidden: true });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');

  const form = h('form', { class: 'inline-form' },
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: t('tokens.name') }), nameInput),
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: t('tokens.role') }), roleSelect),
    createButton);

  replace(container,
    pageHeader(t('nav.tokens'), t('tokens.subtitle')),
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: t('tokens.new') }), form, created),
    error,
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: t('nav.tokens') }),
      h('table', { class: 'table cards-on-phone', id: 'tokens-table' },
        h('thead', {}, h('tr', {}, ...['name', 'role', 'id', 'created', ''].map((key) => h('th', { text: key ? t(`tokens.col.${key}`) : '' })))), tbody)));

  async function load() {
    try {
      const body = await api.tokens();
      error.hidden = true;
      replace(tbody, ...(body.tokens || []).map((token) => h('tr', {},
        h('td', { dataset: { label: t('tokens.col.name') }, text: token.name }),
        h('td', { dataset: { label: t('tokens.col.role') } }, h('span', { class: `role role-${token.role}`, text: t(`role.${token.role}`) })),
        h('td', { class: 'mono small', dataset: { label: t('tokens.col.id') }, text: token.id }),
        h('td', { class: 'small', dataset: { label: t('tokens.col.created') }, text: formatTime(token.created_at) }),
        h('td', { class: 'actions' }, h('button', {
          class: 'btn btn-small btn-danger-ghost', type: 'button', text: t('action.delete'),
          onclick: async () => {
            const ok = await confirmDialog({ title: t('tokens.delete_title', { name: token.name }), message: t('tokens.delete_message'), confirm: t('action.delete'), danger: true });
            if (!ok) return;
            try {
              await api.deleteToken(token.id);
              toast(t('tokens.deleted', { name: token.name }), 'success', 3000);
              load();
            } catch (failure) {
              toastError(t('tokens.delete_failed'), failure);
            }
          },
        })))));
    } catch (failure) {
      error.hidden = false;
      setText(error, t('tokens.load_failed', { error: failure.describe() }));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      return;
    }
    createButton.disabled = true;
    try {
      const token = await api.createToken(name, roleSelect.value);
      const value = h('code', { class: 'token-value', id: 'token-value', text: token.token });
      const copy = h('button', { class: 'btn btn-small', type: 'button', text: t('common.copy') });
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(token.token);
          setText(copy, t('common.copied'));
        } catch {
          window.getSelection().selectAllChildren(value);
        }
      });
      created.hidden = false;
      replace(created, h('strong', { text: t('tokens.created', { name: token.name, role: t(`role.${token.role}`) }) }), ' ',
        h('span', { text: t('tokens.copy_now') }), h('div', { class: 'token-row' }, value, copy));
      nameInput.value = '';
      load();
    } catch (failure) {
      toastError(t('tokens.create'), failure);
    } finally {
      createButton.disabled = false;
    }
  });

  await load();
  return undefined;
}
