// Register (or edit) an app: the form of docs/api.md's spec, checked in the browser
// first; the agent's 422 answers are shown next to the field they name.

import { api } from '../api.js';
import { h, replace, setText, toast } from '../dom.js';
import { formFieldOf, RESTART_POLICIES, validateSpec } from '../validate.js';
import { pageHeader } from './common.js';

function field(key, label, input, hint) {
  return h('label', { class: 'field', dataset: { field: key } },
    h('span', { class: 'field-label', text: label }),
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
    const remove = h('button', { class: 'btn btn-small btn-ghost', type: 'button', text: 'Remove', 'aria-label': 'Remove row' });
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
    replace(container, pageHeader(editing ? `Edit ${appName}` : 'Register app'),
      h('div', { class: 'inline-error', text: 'Registering and editing apps needs the admin role.' }));
    return undefined;
  }

  const inputs = {
    name: textInput('f-name', { placeholder: 'shop-api', maxlength: 63, readOnly: editing }),
    runtime: h('select', { class: 'input', id: 'f-runtime', name: 'runtime' }, h('option', { value: '', text: 'Loading runtimes…' })),
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
    const input = textInput(null, { class: 'input mono', placeholder: '--flag or value', value: values.value ?? '' });
    input.dataset.role = 'arg';
    return { node: input, read: () => input.value };
  }, 'Add argument', 'add-arg');

  const env = rowList((values) => {
    const key = textInput(null, { class: 'input mono', placeholder: 'NAME', value: values.key ?? '' });
    const value = textInput(null, { class: 'input mono', placeholder: 'value', value: values.value ?? '' });
    key.dataset.role = 'env-key';
    value.dataset.role = 'env-value';
    return { node: h('div', { class: 'kv' }, key, value), read: () => [key.value.trim(), value.value] };
  }, 'Add variable', 'add-env');

  const restartOnSave = h('input', { type: 'checkbox', id: 'f-restart-now', checked: true });
  const formError = h('div', { class: 'inline-error', role: 'alert', hidden: true, id: 'form-error' });
  const note = h('div', { class: 'note', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'register-submit', text: editing ? 'Save changes' : 'Register' });
  const cancel = h('a', { class: 'btn', href: editing ? `#/apps/${encodeURIComponent(appName)}` : '#/apps', text: 'Cancel' });

  const form = h('form', { class: 'form', id: 'register-form', novalidate: true },
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: 'Application' }),
      h('div', { class: 'form-grid' },
        field('name', 'Name', inputs.name, 'Lower-case letters, digits, "-" and "_"; the unit is <name>.service.'),
        field('runtime', 'Runtime', inputs.runtime),
        field('script_path', 'Script path', inputs.script_path, 'Absolute path of the entry script (e.g. server.js, main.py).'),
        field('working_dir', 'Working directory', inputs.working_dir, 'Absolute path of an existing directory.'),
        field('user', 'Run as user', inputs.user, 'An existing system user.'),
        field('port', 'Port', inputs.port, 'Optional. The TCP port the app listens on.'))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: 'Service' }),
      h('div', { class: 'form-grid' },
        field('restart', 'Restart policy', inputs.restart, 'systemd Restart=: no, on-failure or always.'),
        h('label', { class: 'field field-check', dataset: { field: 'enabled' } },
          inputs.enabled, h('span', { text: 'Start at boot (enable the unit)' }), h('span', { class: 'field-error', role: 'alert' })),
        field('limits.memory_max', 'Memory limit', inputs.memory_max, 'Optional, e.g. 512M, 2G, 50% or infinity.'),
        field('limits.cpu_quota', 'CPU quota', inputs.cpu_quota, 'Optional, e.g. 50% or 200% (two cores).'))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: 'Arguments' }),
      h('div', { class: 'field', dataset: { field: 'args' } },
        h('span', { class: 'field-hint', text: 'Passed after the script, one per row, without shell quoting.' }),
        args.node, h('span', { class: 'field-error', role: 'alert' }))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: 'Environment' }),
      h('div', { class: 'field', dataset: { field: 'environment' } },
        h('span', { class: 'field-hint', text: 'Names match [A-Za-z_][A-Za-z0-9_]*.' }),
        env.node, h('span', { class: 'field-error', role: 'alert' }))),
    editing ? h('label', { class: 'field-check' }, restartOnSave, h('span', { text: 'Restart the app now if it is running' })) : null,
    formError,
    h('div', { class: 'form-actions' }, cancel, submit));

  replace(container,
    editing
      ? h('nav', { class: 'breadcrumb' }, h('a', { href: '#/apps', text: 'Applications' }), h('span', { text: '/' }),
        h('a', { href: `#/apps/${encodeURIComponent(appName)}`, text: appName }), h('span', { text: '/' }), h('span', { text: 'Edit' }))
      : null,
    pageHeader(editing ? `Edit ${appName}` : 'Register app',
      editing ? 'The unit is rewritten; the app keeps running unless you ask for a restart.' : 'Writes a systemd unit for the app. It is not started until you start it.'),
    note, form);

  // MARK: Runtimes

  let runtimeIds = null;
  try {
    const body = await api.runtimes();
    const runtimes = body.runtimes || [];
    runtimeIds = runtimes.map((r) => r.id);
    replace(inputs.runtime,
      h('option', { value: '', text: 'Choose a runtime…' }),
      ...runtimes.map((r) => h('option', {
        value: r.id,
        text: `${r.name} (${r.id})${r.available ? (r.version ? ` — ${r.version}` : '') : ' — interpreter not found'}`,
      })));
  } catch (failure) {
    replace(inputs.runtime, h('option', { value: '', text: 'Runtimes unavailable' }));
    toast(`Could not load runtimes: ${failure.describe()}`, 'error');
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
      setText(formError, `Could not load ${appName}: ${failure.describe()}`);
      submit.disabled = true;
    }
  } else if (ctx.draft) {
    const draft = ctx.draft;
    ctx.draft = null;
    fill({ restart: 'on-failure', ...draft.spec });
    note.hidden = false;
    replace(note, h('strong', { text: 'Adopting a running process. ' }),
      h('span', { text: `Pre-filled from PID ${draft.pid}: ${draft.cmdline}. Check every field; registering does not stop the original process.` }));
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
        general.push(error.field ? `${error.field}: ${error.message}` : error.message);
        continue;
      }
      wrapper.classList.add('has-error');
      const slot = wrapper.querySelector('.field-error');
      // The agent's message may already start with the field's name; show it once.
      const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      const detail = error.field !== key && error.field ? `${error.field}: ${message}` : message;
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
      if (key === '') problems.push({ field: 'environment', message: 'a variable has a value but no name' });
    }
    if (problems.length) {
      showErrors(problems);
      return;
    }
    const spec = { ...carried, ...draft, environment: Object.fromEntries(draft.environment) };
    submit.disabled = true;
    setText(submit, editing ? 'Saving…' : 'Registering…');
    try {
      if (editing) {
        await api.update(appName, spec, restartOnSave.checked);
        toast(`${appName} updated`, 'success', 3500);
      } else {
        await api.register(spec);
        toast(`${spec.name} registered — start it when ready`, 'success', 4000);
      }
      ctx.navigate(`#/apps/${encodeURIComponent(spec.name)}`);
    } catch (failure) {
      const errors = failure.fieldErrors ? failure.fieldErrors() : [];
      showErrors(errors, `${failure.describe ? failure.describe() : failure}${failure.code ? ` [${failure.code}]` : ''}`);
    } finally {
      submit.disabled = false;
      setText(submit, editing ? 'Save changes' : 'Register');
    }
  });

  if (!editing) inputs.name.focus();
  return undefined;
}
