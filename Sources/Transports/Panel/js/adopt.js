// Turns a process of GET /api/scan into a draft app spec ("Adopt"): the
// script and arguments from its argv, its working directory, user, runtime,
// the agent's suggested name (package.json / pyproject.toml / the script) and
// the port it listens on. Its environment is never copied here.

/** Node.js options that take the next argument as their value. */
const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader',
  '--env-file', '--inspect-port', '--title', '--max-old-space-size', '--stack-size', '-C', '--conditions']);
/** Python options that take the next argument as their value. */
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '--check-hash-based-pycs']);
/** uvicorn options that take a value. */
const UVICORN_VALUE_OPTIONS = new Set(['--host', '--port', '--uds', '--fd', '--workers', '--loop', '--http', '--ws',
  '--log-level', '--log-config', '--root-path', '--env-file', '--app-dir', '--lifespan', '--interface',
  '--limit-concurrency', '--backlog', '--timeout-keep-alive', '--forwarded-allow-ips', '--ssl-keyfile',
  '--ssl-certfile', '--reload-dir', '--h11-max-incomplete-event-size', '--factory', '--proxy-headers']);

const basename = (path) => String(path).replace(/\/+$/, '').split('/').pop() || '';

/** Joins a possibly relative path onto a directory. */
export function resolvePath(path, cwd) {
  if (!path) return '';
  if (path.startsWith('/')) return path;
  const base = (cwd || '/').replace(/\/+$/, '');
  const parts = `${base}/${path}`.split('/');
  const out = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** A valid app name (`^[a-z][a-z0-9_-]{0,62}$`) from any text. */
export function suggestName(text) {
  let name = String(text || '').toLowerCase().replace(/\.(js|mjs|cjs|py)$/, '').replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (!name) name = 'app';
  return name.slice(0, 63);
}

/** The index of the first positional argument at or after `start`, skipping options (and their values). */
function firstPositional(argv, start, valueOptions) {
  for (let i = start; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (arg.startsWith('-')) {
      if (valueOptions.has(arg)) i += 1;
      continue;
    }
    return i;
  }
  return -1;
}

function optionValue(argv, name) {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === name && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return null;
}

/** The runtime id for a process: the scan's, else a guess from the executable, if known. */
function guessRuntime(process, argv, runtimeIds) {
  if (process.runtime) return process.runtime;
  const exe = basename(argv[0] || '');
  let guess = null;
  if (/^node(js)?$/.test(exe)) guess = 'nodejs';
  else if (/^python[0-9.]*$/.test(exe)) guess = argv.some((a) => /uvicorn/.test(a)) ? 'python-fastapi' : 'python';
  return guess && (!runtimeIds || runtimeIds.includes(guess)) ? guess : '';
}

/**
 * A draft spec from a scanned process `{pid, user, runtime, argv|cmdline, cwd, suggested_name, ports}`:
 * `{name, runtime, script_path, working_dir, user, args, port}` (fields it could not tell are empty).
 */
export function specFromProcess(process, runtimeIds = null) {
  const argv = Array.isArray(process.argv) && process.argv.length
    ? process.argv.map(String)
    : String(process.cmdline || '').trim().split(/\s+/).filter(Boolean);
  const cwd = process.cwd || '';
  const runtime = guessRuntime(process, argv, runtimeIds);
  const exe = basename(argv[0] || '');
  let script = '';
  let args = [];
  let port = null;

  if (/^python[0-9.]*$/.test(exe)) {
    const m = argv.indexOf('-m');
    if (m > 0 && m + 1 < argv.length) {
      const module = argv[m + 1];
      const rest = argv.slice(m + 2);
      if (module === 'uvicorn' || module === 'gunicorn') {
        const target = firstPositional(rest, 0, UVICORN_VALUE_OPTIONS);
        if (target >= 0) script = `${rest[target].split(':')[0].replace(/\./g, '/')}.py`;
        const portText = optionValue(rest, '--port');
        if (portText && /^\d+$/.test(portText)) port = Number(portText);
      } else {
        script = `${module.replace(/\./g, '/')}.py`;
        args = rest;
      }
    } else {
      const index = firstPositional(argv, 1, PYTHON_VALUE_OPTIONS);
      if (index >= 0) {
        script = argv[index];
        args = argv.slice(index + 1);
      }
    }
  } else if (/^uvicorn$/.test(exe)) {
    const rest = argv.slice(1);
    const target = firstPositional(rest, 0, UVICORN_VALUE_OPTIONS);
    if (target >= 0) script = `${rest[target].split(':')[0].replace(/\./g, '/')}.py`;
    const portText = optionValue(rest, '--port');
    if (portText && /^\d+$/.test(portText)) port = Number(portText);
  } else {
    const index = firstPositional(argv, 1, NODE_VALUE_OPTIONS);
    if (index >= 0) {
      script = argv[index];
      args = argv.slice(index + 1);
    }
  }

  const scriptPath = script ? resolvePath(script, cwd) : '';
  const portFromArgs = optionValue(args, '--port');
  if (port === null && portFromArgs && /^\d+$/.test(portFromArgs)) port = Number(portFromArgs);
  if (port === null && Array.isArray(process.ports) && process.ports.length) port = Number(process.ports[0]);
  return {
    name: process.suggested_name || suggestName(basename(scriptPath) || basename(cwd)),
    runtime,
    script_path: scriptPath,
    working_dir: cwd,
    user: process.user || '',
    args,
    port,
  };
}
