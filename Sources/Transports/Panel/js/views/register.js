// Register (or edit) an app: the form of docs/api.md's spec, checked in the browser
// first; the agent's 422 answers are shown next to the field they name.

import { api, fieldName } from '../api.js';
import { h, replace, setText, toast } from '../dom.js';
import { t, translateServerMessage } from '../i18n.js';
import { formFieldOf, RESTART_POLICIES, validateSpec } from '../validate.js';
import { pageHeader } from './common.js';

function field(key, input, hint) {
  return h('label', { class: 'field', dataset: { field: key } },
    h('span', { class: 'field-label', text: fieldName(key) }),
    input,
    hint ? h('span', { class: 'field-hint', text: hint }) : null,
    h('span', { class: 'field-error', role: 'alert' }));
}

function textInput(id, props = {}) {
  return h('input', { class: 'input', id, name: id, type: 'text', spellcheck: 'false', autocomplete: 'off', ...props });
}

/** A list of removable rows, each built by `makeRow(values)`; `values()` reads them back. */
function rowList(makeRow, addLabel, addId) {
  const list = h('div', { class: 'row-list' });
  const add = (values) => {
    const remove = h('button', { class: 'btn btn-small btn-ghost', type: 'button', text: t('register.remove'), 'aria-label': t('register.remove_row') });
    const { node, read } = makeRow(values || {});
    const row = h('div', { class: 'row-item' }, node, remove);
    row.read = read;
    remove.addEventListener('click', () => row.remove());
    list.appendChild(row);
    return row;
  };
  const button = h('button', { class: 'btn btn-small', type: 'button', text: addLabel, id: addId });
  button.addEventListener('click', () => {
    const row = add();
    row.querySelector('input')?.focus();
  });
  return {
    node: h('div', {}, list, button),
    add,
    values: () => Array.from(list.children).map((row) => row.read()),
    clear: () => replace(list),
  };
}

/** Mounts the form; `params.edit` edits `params.name`. Returns nothing to clean up. */
export async function mount(container, ctx, params) {
  const editing = params.edit;
  const appName = params.name;
  if (!ctx.can('admin')) {
    replace(container, pageHeader(editing ? t('register.edit_title', { name: appName }) : t('nav.register')),
      h('div', { class: 'inline-error', text: t('register.needs_admin') }));
    return undefined;
  }

  const inputs = {
    name: textInput('f-name', { placeholder: 'shop-api', maxlength: 63, readOnly: editing }),
    runtime: h('select', { class: 'input', id: 'f-runtime', name: 'runtime' }, h('option', { value: '', text: t('register.loading_runtimes') })),
    script_path: textInput('f-script_path', { placeholder: '/srv/shop/main.py' }),
    working_dir: textInput('f-working_dir', { placeholder: '/srv/shop' }),
    user: textInput('f-user', { placeholder: 'shop' }),
    port: h('input', { class: 'input', id: 'f-port', name: 'port', type: 'number', min: 1, max: 65535, placeholder: '8000' }),
    restart: h('select', { class: 'input', id: 'f-restart', name: 'restart' },
      ...RESTART_POLICIES.map((policy) => h('option', { value: policy, text: policy }))),
    enabled: h('input', { type: 'checkbox', id: 'f-enabled', name: 'enabled' }),
    memory_max: textInput('f-memory_max', { placeholder: '512M' }),
    cpu_quota: textInput('f-cpu_quota', { placeholder: '50%' }),
  };
  inputs.restart.value = 'on-failure';

  const args = rowList((values) => {
    const input = textInput(null, { class: 'input mono', placeholder: t('register.arg_placeholder'), value: values.value ?? '' });
    input.dataset.role = 'arg';
    return { node: input, read: () => input.value };
  }, t('register.add_arg'), 'add-arg');

  const env = rowList((values) => {
    const key = textInput(null, { class: 'input mono', placeholder: t('register.env_key_placeholder'), value: values.key ?? '' });
    const value = textInput(null, { class: 'input mono', placeholder: t('register.env_value_placeholder'), value: values.value ?? '' });
    key.dataset.role = 'env-key';
    value.dataset.role = 'env-value';
    return { node: h('div', { class: 'kv' }, key, value), read: () => [key.value.trim(), value.value] };
  }, t('register.add_env'), 'add-env');

  const restartOnSave = h('input', { type: 'checkbox', id: 'f-restart-now', checked: true });
  const formError = h('div', { class: 'inline-error', role: 'alert', hidden: true, id: 'form-error' });
  const note = h('div', { class: 'note', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'register-submit', text: editing ? t('register.save') : t('register.submit') });
  const cancel = h('a', { class: 'btn', href: editing ? `/apps/${encodeURIComponent(appName)}` : '/apps', text: t('common.cancel') });

  const form = h('form', { class: 'form', id: 'register-form', novalidate: true },
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: t('register.application') }),
      h('div', { class: 'form-grid' },
        field('name', inputs.name, t('register.hint.name')),
        field('runtime', inputs.runtime),
        field('script_path', inputs.script_path, t('register.hint.script_path')),
        field('working_dir', inputs.working_dir, t('register.hint.working_dir')),
        field('user', inputs.user, t('register.hint.user')),
        field('port', inputs.port, t('register.hint.port')))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: t('register.service') }),
      h('div', { class: 'form-grid' },
        field('restart', inputs.restart, t('register.hint.restart')),
        h('label', { class: 'field field-check', dataset: { field: 'enabled' } },
          inputs.enabled, h('span', { text: t('register.enabled') }), h('span', { class: 'field-error', role: 'alert' })),
        field('limits.memory_max', inputs.memory_max, t('register.hint.memory_max')),
        field('limits.cpu_quota', inputs.cpu_quota, t('register.hint.cpu_quota')))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: fieldName('args') }),
      h('div', { class: 'field', dataset: { field: 'args' } },
        h('span', { class: 'field-hint', text: t('register.hint.args') }),
        args.node, h('span', { class: 'field-error', role: 'alert' }))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: fieldName('environment') }),
      h('div', { class: 'field', dataset: { field: 'environment' } },
        h('span', { class: 'field-hint', text: t('register.hint.environment') }),
        env.node, h('span', { class: 'field-error', role: 'alert' }))),
    editing ? h('label', { class: 'field-check' }, restartOnSave, h('span', { text: t('register.restart_now') })) : null,
    formError,
    h('div', { class: 'form-actions' }, cancel, submit));

  replace(container,
    editing
      ? h('nav', { class: 'breadcrumb' }, h('a', { href: '/apps', text: t('nav.apps') }), h('span', { text: '/' }),
        h('a', { href: `/apps/${encodeURIComponent(appName)}`, text: appName }), h('span', { text: '/' }), h('span', { text: t('detail.edit') }))
      : null,
    pageHeader(editing ? t('register.edit_title', { name: appName }) : t('nav.register'),
      editing ? t('register.edit_subtitle') : t('register.subtitle')),
    note, form);

  // Without privileges the agent cannot write or reload units: say so instead of failing later.
  if (!ctx.privileged()) {
    submit.disabled = true;
    submit.title = t('action.no_privileges');
    form.insertBefore(h('div', { class: 'note', id: 'register-blocked', text: t('action.no_privileges') }), form.firstChild);
  }

  // MARK: Runtimes

  let runtimeIds = null;
  try {
    const body = await api.runtimes();
    const runtimes = body.runtimes || [];
    runtimeIds = runtimes.map((r) => r.id);
    replace(inputs.runtime,
      h('option', { value: '', text: t('register.choose_runtime') }),
      ...runtimes.map((r) => h('option', {
        value: r.id,
        text: `${r.name} (${r.id})${r.available ? (r.version ? ` — ${r.version}` : '') : ` — ${t('register.no_interpreter')}`}`,
      })));
  } catch (failure) {
    replace(inputs.runtime, h('option', { value: '', text: t('register.runtimes_unavailable') }));
    toast(t('register.runtimes_failed', { error: failure.describe() }), 'error');
  }

  // MARK: Filling

  let carried = {};
  function fill(spec) {
    inputs.name.value = spec.name ?? '';
    if (spec.runtime) {
      if (!Array.from(inputs.runtime.options).some((o) => o.value === spec.runtime)) {
        inputs.runtime.appendChild(h('option', { value: spec.runtime, text: spec.runtime }));
      }
      inputs.runtime.value = spec.runtime;
    }
    inputs.script_path.value = spec.script_path ?? '';
    inputs.working_dir.value = spec.working_dir ?? '';
    inputs.user.value = spec.user ?? '';
    inputs.port.value = spec.port ?? '';
    inputs.restart.value = spec.restart ?? 'on-failure';
    inputs.enabled.checked = !!spec.enabled;
    inputs.memory_max.value = spec.limits?.memory_max ?? '';
    inputs.cpu_quota.value = spec.limits?.cpu_quota ?? '';
    args.clear();
    (spec.args || []).forEach((value) => args.add({ value }));
    env.clear();
    Object.entries(spec.environment || {}).forEach(([key, value]) => env.add({ key, value }));
  }

  if (editing) {
    try {
      const app = await api.app(appName);
      fill(app);
      // Keys the form does not edit are kept as they are (PUT replaces the spec).
      carried = {};
      if (app.log_rate_limit) carried.log_rate_limit = app.log_rate_limit;
      if (app.health_check) carried.health_check = app.health_check;
    } catch (failure) {
      formError.hidden = false;
      setText(formError, t('detail.load_failed', { name: appName, error: failure.describe() }));
      submit.disabled = true;
    }
  } else if (ctx.draft) {
    const draft = ctx.draft;
    ctx.draft = null;
    fill({ restart: 'on-failure', ...draft.spec });
    note.hidden = false;
    replace(note, h('strong', { text: t('register.adopting') }), ' ',
      h('span', { text: t('register.adopting_note', { pid: draft.pid, cmdline: draft.cmdline }) }));
  }

  // MARK: Reading and errors

  function readSpec() {
    const spec = {
      name: inputs.name.value.trim(),
      runtime: inputs.runtime.value,
      script_path: inputs.script_path.value.trim(),
      working_dir: inputs.working_dir.value.trim(),
      user: inputs.user.value.trim(),
      args: args.values().filter((value) => value !== ''),
      environment: env.values().filter(([key, value]) => key !== '' || value !== ''),
      restart: inputs.restart.value,
      enabled: inputs.enabled.checked,
    };
    const port = inputs.port.value.trim();
    if (port !== '') spec.port = Number(port);
    const limits = {};
    if (inputs.memory_max.value.trim()) limits.memory_max = inputs.memory_max.value.trim();
    if (inputs.cpu_quota.value.trim()) limits.cpu_quota = inputs.cpu_quota.value.trim();
    if (Object.keys(limits).length) spec.limits = limits;
    return spec;
  }

  function clearErrors() {
    form.querySelectorAll('.field-error').forEach((node) => setText(node, ''));
    form.querySelectorAll('[data-field]').forEach((node) => node.classList.remove('has-error'));
    formError.hidden = true;
    setText(formError, '');
  }

  function showErrors(errors, fallback) {
    const general = [];
    let first = null;
    for (const error of errors) {
      const key = formFieldOf(error.field);
      const wrapper = key ? form.querySelector(`[data-field="${key}"]`) : null;
      if (!wrapper) {
        general.push(error.field ? `${fieldName(error.field)}: ${error.message}` : error.message);
        continue;
      }
      wrapper.classList.add('has-error');
      const slot = wrapper.querySelector('.field-error');
      // The agent's message may already start with the field's name; show it once.
      const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      const detail = error.field !== key && error.field ? `${fieldName(error.field)}: ${message}` : message;
      setText(slot, slot.textContent ? `${slot.textContent} ${detail}` : detail);
      first = first || wrapper;
    }
    if (!errors.length && fallback) general.push(fallback);
    if (general.length) {
      formError.hidden = false;
      setText(formError, general.join(' · '));
      first = first || formError;
    }
    if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const draft = readSpec();
    const problems = validateSpec(draft, { runtimeIds });
    for (const [key] of draft.environment) {
      if (key === '') problems.push({ field: 'environment', message: t('v.env_no_name') });
    }
    if (problems.length) {
      showErrors(problems);
      return;
    }
    const spec = { ...carried, ...draft, environment: Object.fromEntries(draft.environment) };
    submit.disabled = true;
    setText(submit, editing ? t('register.saving') : t('register.registering'));
    try {
      if (editing) {
        await api.update(appName, spec, restartOnSave.checked);
        toast(t('register.updated', { name: appName }), 'success', 3500);
      } else {
        await api.register(spec);
        toast(t('register.registered', { name: spec.name }), 'success', 4000);
      }
      ctx.navigate(`/apps/${encodeURIComponent(spec.name)}`);
    } catch (failure) {
      const errors = (failure.fieldErrors ? failure.fieldErrors() : [])
        .map((e) => ({ field: e.field, message: translateServerMessage(e.message) }));
      showErrors(errors, `${failure.describe ? failure.describe() : failure}${failure.code ? ` [${failure.code}]` : ''}`);
    } finally {
      submit.disabled = !ctx.privileged();
      setText(submit, editing ? t('register.save') : t('register.submit'));
    }
  });

  if (!editing) inputs.name.focus();
  return undefined;
}
