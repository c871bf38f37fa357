// API tokens (admin): list, create (the token is shown once) and delete.

import { api } from '../api.js';
import { h, replace, setText, confirmDialog, toast, toastError } from '../dom.js';
import { formatTime } from '../format.js';
import { pageHeader } from './common.js';

/** Mounts the tokens page. */
export async function mount(container, ctx) {
  if (!ctx.can('admin')) {
    replace(container, pageHeader('Tokens'), h('div', { class: 'inline-error', text: 'Managing tokens needs the admin role.' }));
    return undefined;
  }
  const nameInput = h('input', { class: 'input', id: 'token-name', placeholder: 'ci-deploy', maxlength: 64 });
  const roleSelect = h('select', { class: 'input', id: 'token-role' },
    ...['viewer', 'operator', 'admin'].map((role) => h('option', { value: role, text: role })));
  const createButton = h('button', { class: 'btn btn-primary', type: 'submit', text: 'Create token' });
  const created = h('div', { class: 'note note-success', hidden: true });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const tbody = h('tbody');

  const form = h('form', { class: 'inline-form' },
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Name' }), nameInput),
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Role' }), roleSelect),
    createButton);

  replace(container,
    pageHeader('Tokens', 'Bearer tokens for the API, the CLI and this panel. Tokens are stored hashed: a new token is shown once.'),
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: 'New token' }), form, created),
    error,
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: 'Tokens' }),
      h('table', { class: 'table', id: 'tokens-table' },
        h('thead', {}, h('tr', {}, ...['Name', 'Role', 'ID', 'Created', ''].map((t) => h('th', { text: t })))), tbody)));

  async function load() {
    try {
      const body = await api.tokens();
      error.hidden = true;
      replace(tbody, ...(body.tokens || []).map((token) => h('tr', {},
        h('td', { text: token.name }),
        h('td', {}, h('span', { class: `role role-${token.role}`, text: token.role })),
        h('td', { class: 'mono small', text: token.id }),
        h('td', { class: 'small', text: formatTime(token.created_at) }),
        h('td', { class: 'actions' }, h('button', {
          class: 'btn btn-small btn-danger-ghost', type: 'button', text: 'Delete',
          onclick: async () => {
            const ok = await confirmDialog({ title: `Delete token ${token.name}?`, message: 'Clients using it lose access at once.', confirm: 'Delete', danger: true });
            if (!ok) return;
            try {
              await api.deleteToken(token.id);
              toast(`Token ${token.name} deleted`, 'success', 3000);
              load();
            } catch (failure) {
              toastError('Delete token', failure);
            }
          },
        })))));
    } catch (failure) {
      error.hidden = false;
      setText(error, `Could not load tokens: ${failure.describe()}`);
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
      const copy = h('button', { class: 'btn btn-small', type: 'button', text: 'Copy' });
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(token.token);
          setText(copy, 'Copied');
        } catch {
          window.getSelection().selectAllChildren(value);
        }
      });
      created.hidden = false;
      replace(created, h('strong', { text: `Token "${token.name}" (${token.role}) created. ` }),
        h('span', { text: 'Copy it now — it is not shown again.' }), h('div', { class: 'token-row' }, value, copy));
      nameInput.value = '';
      load();
    } catch (failure) {
      toastError('Create token', failure);
    } finally {
      createButton.disabled = false;
    }
  });

  await load();
  return undefined;
}
