// Select (/select): the Node.js and Python processes no app manages, each
// pre-filled as an app (name, runtime, script, working dir, user, args, port)
// and editable; the checked ones are registered at once, with one result per
// process. The process's environment is read only when the operator asks
// (per process), and only the variables they tick are copied.

import { api, fieldName } from '../api.js';
import { h, replace, setText, toastError } from '../dom.js';
import { specFromProcess } from '../adopt.js';
import { t, translateServerMessage } from '../i18n.js';
import { formFieldOf, validateSpec } from '../validate.js';
import { pageHeader } from './common.js';

const MASK = '••••••••';

/** The spec a card's inputs describe; `environment` holds only the variables the operator chose. */
export function specFromInputs(values, environment = {}) {
  const spec = {
    name: values.name.trim(),
    runtime: values.runtime,
    script_path: values.script_path.trim(),
    working_dir: values.working_dir.trim(),
    user: values.user.trim(),
    args: values.args.split('\n').filter((line) => line !== ''),
    restart: 'on-failure',
  };
  if (values.port.trim() !== '') spec.port = Number(values.port.trim());
  if (Object.keys(environment).length) spec.environment = environment;
  return spec;
}

/** Mounts the page; returns nothing to clean up. */
export async function mount(container, ctx) {
  if (!ctx.can('admin')) {
    replace(container, pageHeader(t('select.title')), h('div', { class: 'inline-error', text: t('select.needs_admin') }));
    return undefined;
  }
  const blocked = !ctx.privileged();
  const refreshButton = h('button', { class: 'btn', type: 'button', id: 'select-refresh', text: t('common.refresh') });
  // Disabled until a process is ticked; without privileges, with the reason from the start.
  const registerButton = h('button', {
    class: 'btn btn-primary', type: 'button', id: 'select-register', text: t('select.register', { count: 0 }),
    disabled: true, title: blocked ? t('action.no_privileges') : '',
  });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true });
  const info = h('p', { class: 'muted small', id: 'select-info' });
  const list = h('div', { class: 'select-list', id: 'select-list' });

  replace(container,
    pageHeader(t('select.title'), t('select.subtitle'), refreshButton, registerButton),
    blocked ? h('div', { class: 'note', text: t('action.no_privileges') }) : null,
    error, info, list);

  let runtimes = [];
  try {
    runtimes = (await api.runtimes()).runtimes || [];
  } catch {
    // The runtime list is only for the menus; the agent checks again.
  }
  const runtimeIds = runtimes.map((r) => r.id);
  /** Each card: {process, node, check, inputs, result} */
  let cards = [];

  function updateButton() {
    const count = cards.filter((card) => card.check.checked && !card.done).length;
    setText(registerButton, t('select.register', { count }));
    registerButton.disabled = count === 0 || blocked;
    registerButton.title = blocked ? t('action.no_privileges') : '';
  }

  function input(key, value, props = {}) {
    return h('input', { class: 'input', type: 'text', spellcheck: 'false', autocomplete: 'off', value: value ?? '', dataset: { field: key }, 'aria-label': fieldName(key), ...props });
  }

  function field(key, control) {
    return h('label', { class: 'field', dataset: { field: key } },
      h('span', { class: 'field-label', text: fieldName(key) }), control, h('span', { class: 'field-error', role: 'alert' }));
  }

  function makeCard(process) {
    const spec = specFromProcess(process, runtimeIds);
    const runtimeSelect = h('select', { class: 'input', dataset: { field: 'runtime' }, 'aria-label': fieldName('runtime') },
      h('option', { value: '', text: t('register.choose_runtime') }),
      ...runtimes.map((r) => h('option', { value: r.id, text: r.name, selected: r.id === spec.runtime })));
    const inputs = {
      name: input('name', spec.name, { maxlength: 63 }),
      runtime: runtimeSelect,
      script_path: input('script_path', spec.script_path),
      working_dir: input('working_dir', spec.working_dir),
      user: input('user', spec.user),
      port: input('port', spec.port ?? '', { inputmode: 'numeric' }),
      args: h('textarea', { class: 'input mono', rows: 2, dataset: { field: 'args' }, 'aria-label': fieldName('args'), text: spec.args.join('\n') }),
    };
    const check = h('input', { type: 'checkbox', class: 'select-check', 'aria-label': t('select.check', { pid: process.pid }) });
    const result = h('div', { class: 'select-result', role: 'status', hidden: true });
    const envBox = h('div', { class: 'select-env', dataset: { field: 'environment' } },
      h('p', { class: 'muted small', text: t('select.env_note') }),
      h('button', { class: 'btn btn-small', type: 'button', dataset: { action: 'offer-env' }, text: t('select.offer_env') }));
    const ports = (process.ports || []).length ? t('select.ports', { ports: process.ports.join(', ') }) : t('select.no_ports');
    const node = h('section', { class: 'card select-card', dataset: { pid: String(process.pid) } },
      h('label', { class: 'select-head' }, check,
        h('span', { class: 'select-title' }, h('strong', { text: `PID ${process.pid}` }), ' ',
          h('code', { class: 'cmdline', text: process.cmdline, title: process.cmdline })),
        h('span', { class: 'muted small', text: ports })),
      h('div', { class: 'form-grid' },
        field('name', inputs.name), field('runtime', inputs.runtime), field('script_path', inputs.script_path),
        field('working_dir', inputs.working_dir), field('user', inputs.user), field('port', inputs.port),
        h('div', { class: 'field field-wide', dataset: { field: 'args' } },
          h('span', { class: 'field-label', text: `${fieldName('args')} · ${t('select.args_hint')}` }), inputs.args,
          h('span', { class: 'field-error', role: 'alert' }))),
      envBox,
      result);
    check.addEventListener('change', () => {
      node.classList.toggle('selected', check.checked);
      updateButton();
    });
    const card = { process, node, check, inputs, result, done: false, chosen: () => ({}) };
    envBox.querySelector('[data-action="offer-env"]').addEventListener('click', () => offerEnvironment(card, envBox));
    return card;
  }

  /** Reads the process's environment (on the operator's request) and lists it, nothing ticked, values masked. */
  async function offerEnvironment(card, box) {
    const button = box.querySelector('[data-action="offer-env"]');
    button.disabled = true;
    try {
      const body = await api.processEnvironment(card.process.pid);
      const rows = Object.entries(body.environment || {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => {
        const pick = h('input', { type: 'checkbox', dataset: { env: name }, 'aria-label': t('select.env_pick', { name }) });
        const shown = h('code', { class: 'env-value', dataset: { masked: 'true' }, text: MASK });
        const reveal = h('button', { class: 'btn btn-small btn-ghost', type: 'button', text: t('detail.reveal') });
        reveal.addEventListener('click', () => {
          const masked = shown.dataset.masked === 'true';
          shown.textContent = masked ? value : MASK;
          shown.dataset.masked = String(!masked);
          reveal.textContent = masked ? t('detail.hide') : t('detail.reveal');
        });
        return { name, value, pick, node: h('div', { class: 'env-pick' }, h('label', {}, pick, h('code', { text: name })), shown, reveal) };
      });
      card.chosen = () => Object.fromEntries(rows.filter((row) => row.pick.checked).map((row) => [row.name, row.value]));
      replace(box, h('p', { class: 'muted small', text: t('select.env_offered', { count: rows.length }) }),
        h('div', { class: 'env-picks' }, ...rows.map((row) => row.node)), h('span', { class: 'field-error', role: 'alert' }));
    } catch (failure) {
      button.disabled = false;
      toastError(t('select.offer_env'), failure);
    }
  }

  function showProblems(card, problems) {
    card.node.querySelectorAll('.field-error').forEach((slot) => setText(slot, ''));
    const general = [];
    for (const problem of problems) {
      const key = formFieldOf(problem.field);
      const slot = key ? card.node.querySelector(`[data-field="${key}"] .field-error`) : null;
      if (slot) setText(slot, problem.message);
      else general.push(problem.field ? `${fieldName(problem.field)}: ${problem.message}` : problem.message);
    }
    card.result.hidden = false;
    card.result.dataset.status = 'error';
    setText(card.result, general.length ? general.join(' · ') : t('select.fix_fields'));
  }

  async function registerOne(card) {
    const values = Object.fromEntries(Object.entries(card.inputs).map(([key, node]) => [key, node.value]));
    const spec = specFromInputs(values, card.chosen());
    const problems = validateSpec(spec, { runtimeIds: runtimeIds.length ? runtimeIds : null });
    if (problems.length) {
      showProblems(card, problems);
      return false;
    }
    card.result.hidden = false;
    card.result.dataset.status = 'busy';
    setText(card.result, t('select.registering'));
    try {
      await api.register(spec);
      card.done = true;
      card.check.checked = false;
      card.check.disabled = true;
      card.node.classList.add('done');
      card.result.dataset.status = 'ok';
      replace(card.result, h('span', { text: t('select.registered', { name: spec.name }) }), ' ',
        h('a', { href: `/apps/${encodeURIComponent(spec.name)}`, text: t('select.open') }));
      return true;
    } catch (failure) {
      const errors = failure.fieldErrors ? failure.fieldErrors() : [];
      if (errors.length) showProblems(card, errors.map((e) => ({ field: e.field, message: translateServerMessage(e.message) })));
      else {
        card.result.dataset.status = 'error';
        setText(card.result, failure.describe ? failure.describe() : String(failure));
      }
      return false;
    }
  }

  registerButton.addEventListener('click', async () => {
    registerButton.disabled = true;
    const chosen = cards.filter((card) => card.check.checked && !card.done);
    let ok = 0;
    for (const card of chosen) if (await registerOne(card)) ok += 1;
    setText(info, t('select.summary', { ok, total: chosen.length }));
    updateButton();
  });

  async function load() {
    refreshButton.disabled = true;
    try {
      const body = await api.scan(null);
      const free = (body.processes || []).filter((p) => !p.app);
      error.hidden = true;
      cards = free.map(makeCard);
      replace(list, ...cards.map((card) => card.node));
      if (!cards.length) list.appendChild(h('div', { class: 'empty' }, h('h2', { text: t('select.none') }), h('p', { class: 'muted', text: t('select.none_hint') })));
      setText(info, t('select.found', { count: cards.length }));
      updateButton();
    } catch (failure) {
      error.hidden = false;
      setText(error, t('scan.failed', { error: failure.describe() }));
    } finally {
      refreshButton.disabled = false;
    }
  }

  refreshButton.addEventListener('click', load);
  await load();
  return undefined;
}
