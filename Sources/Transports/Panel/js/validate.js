// Client-side checks of an app spec, mirroring docs/api.md and the agent's
// SpecValidator, so most mistakes are shown before a request is sent. The
// agent checks again (and checks what only it can: files, users, collisions).

export const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const USER_PATTERN = /^[a-z_][a-z0-9_.-]{0,31}$/;
export const MEMORY_PATTERN = /^([0-9]+(\.[0-9]+)?[KMGT]?|[0-9]{1,2}%|infinity)$/;
export const CPU_PATTERN = /^[0-9]{1,5}(\.[0-9]{1,2})?%$/;
export const RESTART_POLICIES = ['no', 'on-failure', 'always'];
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_ARGS = 64;
const MAX_ENVIRONMENT = 128;
const MAX_PATH_BYTES = 4096;
const MAX_VALUE_BYTES = 32 * 1024;

const byteLength = (text) => new TextEncoder().encode(text).length;

/** Whether a string contains a control character (newline, tab, NUL, DEL, C1). */
export function hasControlCharacter(value) {
  return CONTROL.test(String(value));
}

/**
 * Problems with a spec as [{field, message}], in field order; empty when valid.
 * `spec.environment` may be an object or a list of [name, value] pairs (the
 * form's rows, so duplicates can be reported). `runtimeIds`, when given, are
 * the known runtimes.
 */
export function validateSpec(spec, { runtimeIds = null } = {}) {
  const errors = [];
  const fail = (field, message) => errors.push({ field, message });
  const text = (value, field) => {
    if (hasControlCharacter(value)) {
      fail(field, 'must not contain control characters (newline, tab, NUL, …)');
      return false;
    }
    if (byteLength(value) > MAX_VALUE_BYTES) {
      fail(field, `is longer than ${MAX_VALUE_BYTES} bytes`);
      return false;
    }
    return true;
  };
  const path = (value, field, what) => {
    if (!value) return fail(field, `is required: the ${what}`);
    if (!text(value, field)) return undefined;
    if (!value.startsWith('/')) return fail(field, 'must be an absolute path');
    if (byteLength(value) > MAX_PATH_BYTES || value !== value.trim()) {
      return fail(field, `must be at most ${MAX_PATH_BYTES} bytes, without leading or trailing spaces`);
    }
    return undefined;
  };

  const name = spec.name ?? '';
  if (!name) fail('name', 'is required');
  else if (text(name, 'name') && !NAME_PATTERN.test(name)) {
    fail('name', 'must start with a lower-case letter, then letters, digits, "_" or "-" (at most 63)');
  }

  const runtime = spec.runtime ?? '';
  if (!runtime) fail('runtime', 'is required');
  else if (text(runtime, 'runtime') && runtimeIds && !runtimeIds.includes(runtime)) {
    fail('runtime', `unknown runtime "${runtime}"; known: ${runtimeIds.join(', ')}`);
  }

  path(spec.script_path ?? '', 'script_path', "app's entry script");
  path(spec.working_dir ?? '', 'working_dir', 'directory the app runs in');

  const user = spec.user ?? '';
  if (!user) fail('user', 'is required: the system user the app runs as');
  else if (text(user, 'user') && !USER_PATTERN.test(user)) fail('user', `"${user}" is not a valid user name`);

  const args = spec.args ?? [];
  if (args.length > MAX_ARGS) fail('args', `at most ${MAX_ARGS} arguments`);
  args.forEach((arg, index) => text(arg, `args[${index}]`));

  const pairs = Array.isArray(spec.environment) ? spec.environment : Object.entries(spec.environment ?? {});
  if (pairs.length > MAX_ENVIRONMENT) fail('environment', `at most ${MAX_ENVIRONMENT} variables`);
  const seen = new Set();
  for (const [key, value] of pairs) {
    if (!ENV_NAME_PATTERN.test(key)) {
      fail('environment', `variable name "${key}" must match [A-Za-z_][A-Za-z0-9_]*`);
      continue;
    }
    if (seen.has(key)) fail('environment', `variable ${key} is set twice`);
    seen.add(key);
    text(value ?? '', `environment.${key}`);
  }

  if (spec.port !== undefined && spec.port !== null && spec.port !== '') {
    const port = Number(spec.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail('port', 'must be a whole number between 1 and 65535');
  }

  if (spec.restart !== undefined && !RESTART_POLICIES.includes(spec.restart)) {
    fail('restart', `must be one of ${RESTART_POLICIES.join(', ')}`);
  }

  const limits = spec.limits ?? {};
  if (limits.memory_max && !MEMORY_PATTERN.test(limits.memory_max)) {
    fail('limits.memory_max', 'must be bytes with an optional K/M/G/T suffix (e.g. 512M), a percentage, or "infinity"');
  }
  if (limits.cpu_quota && !CPU_PATTERN.test(limits.cpu_quota)) {
    fail('limits.cpu_quota', 'must be a percentage such as 50% or 200%');
  }
  return errors;
}

/**
 * The form field where a server-side error is shown: "environment.FOO" →
 * "environment", "args[2]" → "args", "app_name" → "name"; null for fields the
 * form does not have.
 */
export function formFieldOf(field) {
  if (!field) return null;
  if (field === 'app_name') return 'name';
  if (field.startsWith('environment')) return 'environment';
  if (field.startsWith('args')) return 'args';
  const known = ['name', 'runtime', 'script_path', 'working_dir', 'user', 'port', 'restart', 'enabled',
    'limits.memory_max', 'limits.cpu_quota'];
  if (known.includes(field)) return field;
  if (field === 'limits') return 'limits.memory_max';
  return null;
}
