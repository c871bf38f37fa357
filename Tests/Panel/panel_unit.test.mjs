// Unit tests of the panel's pure modules (no DOM): validation, adoption of a
// scanned process, formatting, sparkline geometry, the language tables.
//   node --test Tests/Panel/
import test from 'node:test';
import assert from 'node:assert/strict';

import { setLanguage } from '../../Sources/Transports/Panel/js/i18n.js';

// Most checks below read English messages; the Spanish ones set Spanish themselves.
setLanguage('en');

import { validateSpec, formFieldOf, hasControlCharacter } from '../../Sources/Transports/Panel/js/validate.js';
import { specFromProcess, resolvePath, suggestName } from '../../Sources/Transports/Panel/js/adopt.js';
import { formatBytes, formatDuration, formatPercent, passesLevel, stateTone, describeEvent, levelPriority } from '../../Sources/Transports/Panel/js/format.js';
import { sparkPoints } from '../../Sources/Transports/Panel/js/sparkline.js';

const good = {
  name: 'shop-api', runtime: 'python-fastapi', script_path: '/srv/shop/main.py', working_dir: '/srv/shop',
  user: 'shop', args: ['--workers', '2'], environment: { PORT: '8000' }, port: 8000, restart: 'on-failure',
  limits: { memory_max: '512M', cpu_quota: '50%' },
};
const fields = (errors) => errors.map((e) => e.field);

test('a valid spec has no problems', () => {
  assert.deepEqual(validateSpec(good, { runtimeIds: ['nodejs', 'python-fastapi'] }), []);
});

test('names follow ^[a-z][a-z0-9_-]{0,62}$', () => {
  for (const name of ['Shop', '1app', '-x', 'a'.repeat(64), 'shop api', 'shop.api', '']) {
    assert.deepEqual(fields(validateSpec({ ...good, name })), ['name'], name);
  }
  for (const name of ['a', 'shop_api-2', 'a'.repeat(63)]) assert.deepEqual(validateSpec({ ...good, name }), [], name);
});

test('unknown runtimes are refused when the list is known', () => {
  assert.deepEqual(fields(validateSpec({ ...good, runtime: 'ruby' }, { runtimeIds: ['nodejs'] })), ['runtime']);
  assert.deepEqual(fields(validateSpec({ ...good, runtime: '' })), ['runtime']);
});

test('paths must be absolute, without surrounding spaces', () => {
  assert.deepEqual(fields(validateSpec({ ...good, script_path: 'main.py' })), ['script_path']);
  assert.deepEqual(fields(validateSpec({ ...good, working_dir: ' /srv' })), ['working_dir']);
  assert.deepEqual(fields(validateSpec({ ...good, working_dir: '' })), ['working_dir']);
});

test('users, ports, restart policies and limits', () => {
  assert.deepEqual(fields(validateSpec({ ...good, user: 'Root' })), ['user']);
  assert.deepEqual(fields(validateSpec({ ...good, port: 0 })), ['port']);
  assert.deepEqual(fields(validateSpec({ ...good, port: 65536 })), ['port']);
  assert.deepEqual(fields(validateSpec({ ...good, port: 80.5 })), ['port']);
  assert.deepEqual(validateSpec({ ...good, port: undefined }), []);
  assert.deepEqual(fields(validateSpec({ ...good, restart: 'sometimes' })), ['restart']);
  assert.deepEqual(fields(validateSpec({ ...good, limits: { memory_max: '512MB' } })), ['limits.memory_max']);
  assert.deepEqual(fields(validateSpec({ ...good, limits: { cpu_quota: '50' } })), ['limits.cpu_quota']);
  assert.deepEqual(validateSpec({ ...good, limits: { memory_max: 'infinity', cpu_quota: '200%' } }), []);
});

test('environment names, duplicates and control characters', () => {
  assert.deepEqual(fields(validateSpec({ ...good, environment: { '1BAD': 'x' } })), ['environment']);
  assert.deepEqual(fields(validateSpec({ ...good, environment: [['A', '1'], ['A', '2']] })), ['environment']);
  assert.deepEqual(fields(validateSpec({ ...good, environment: { A: 'line\nbreak' } })), ['environment.A']);
  assert.deepEqual(fields(validateSpec({ ...good, args: ['ok', 'tab\there'] })), ['args[1]']);
  assert.deepEqual(fields(validateSpec({ ...good, name: 'a\u0000' })), ['name']);
  assert.ok(hasControlCharacter('\u0085'));
  assert.ok(!hasControlCharacter('café ✓'));
});

test('server fields map to form fields', () => {
  assert.equal(formFieldOf('environment.FOO'), 'environment');
  assert.equal(formFieldOf('args[3]'), 'args');
  assert.equal(formFieldOf('app_name'), 'name');
  assert.equal(formFieldOf('limits.cpu_quota'), 'limits.cpu_quota');
  assert.equal(formFieldOf('health_check.port'), null);
  assert.equal(formFieldOf(null), null);
});

test('adopting a node process', () => {
  const spec = specFromProcess({ pid: 10, user: 'web', runtime: 'nodejs', cmdline: 'node --max-old-space-size 512 -r dotenv/config server.js --port 3000', cwd: '/srv/My Shop' });
  assert.equal(spec.runtime, 'nodejs');
  assert.equal(spec.script_path, '/srv/My Shop/server.js');
  assert.equal(spec.working_dir, '/srv/My Shop');
  assert.equal(spec.user, 'web');
  assert.deepEqual(spec.args, ['--port', '3000']);
  assert.equal(spec.port, 3000);
  // Named after the script, not the working directory.
  assert.equal(spec.name, 'server');
});

test('adopting uses the agent\'s argv, suggested name and listening port', () => {
  const spec = specFromProcess({
    pid: 13, user: 'web', runtime: 'nodejs', cmdline: 'node /srv/shop/app.js --title my shop',
    argv: ['node', '/srv/shop/app.js', '--title', 'my shop'], cwd: '/srv/shop', suggested_name: 'shop-front', ports: [4100, 4101],
  });
  assert.deepEqual(spec.args, ['--title', 'my shop']);
  assert.equal(spec.name, 'shop-front');
  assert.equal(spec.port, 4100);
  assert.equal(spec.script_path, '/srv/shop/app.js');
  assert.equal('environment' in spec, false);
});

test('adopting a uvicorn process', () => {
  const spec = specFromProcess({ pid: 11, user: 'api', runtime: null, cmdline: '/srv/api/.venv/bin/python3 -m uvicorn app.main:app --host 0.0.0.0 --port 8001', cwd: '/srv/api' },
    ['nodejs', 'python', 'python-fastapi']);
  assert.equal(spec.runtime, 'python-fastapi');
  assert.equal(spec.script_path, '/srv/api/app/main.py');
  assert.equal(spec.port, 8001);
  assert.deepEqual(spec.args, []);
  assert.equal(spec.name, 'main');
});

test('adopting a plain python script with a relative path', () => {
  const spec = specFromProcess({ pid: 12, user: 'root', runtime: 'python', cmdline: 'python3 -u ../bin/worker.py --queue jobs', cwd: '/opt/jobs/run' });
  assert.equal(spec.script_path, '/opt/jobs/bin/worker.py');
  assert.deepEqual(spec.args, ['--queue', 'jobs']);
  assert.equal(resolvePath('a/./b/../c.js', '/x/'), '/x/a/c.js');
  assert.equal(suggestName('9Lives.JS'), 'lives');
  assert.equal(suggestName('***'), 'app');
});

test('formatting', () => {
  assert.equal(formatBytes(null), '—');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(48123904), '45.9 MiB');
  assert.equal(formatPercent(1.5), '1.5%');
  assert.equal(formatDuration(3600), '1h 0m');
  assert.equal(formatDuration(90061), '1d 1h');
  assert.equal(formatDuration(42), '42s');
  assert.equal(stateTone('crashed'), 'bad');
  // Restarting (after a failure) is a warning, not a routine blip.
  assert.equal(stateTone('restarting'), 'warn');
  assert.equal(stateTone('starting'), 'busy');
  assert.equal(levelPriority('warning'), 4);
  assert.ok(passesLevel({ level: 'error' }, '4'));
  assert.ok(!passesLevel({ level: 'info' }, '4'));
  assert.ok(passesLevel({ level: 'debug' }, ''));
  assert.equal(describeEvent({ type: 'state', previous: 'running', state: 'crashed' }), 'running → crashed');
  assert.equal(describeEvent({ type: 'operation', operation: 'start', result: 'ok', actor: 'admin' }), 'start: ok by admin');
});

test('sparkline points scale into the box and skip gaps', () => {
  assert.deepEqual(sparkPoints([], 100, 50, 10), []);
  const points = sparkPoints([0, null, 10], 100, 50, 10);
  assert.equal(points.length, 2);
  assert.deepEqual(points[0], [0, 49]);
  assert.deepEqual(points[1], [100, 1]);
});
