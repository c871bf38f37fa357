// The panel's languages: both tables have the same keys, every key the code
// uses exists, no view writes a visible string that is not from the tables,
// and the known answers of reasons, units and the language choice.
//   node --test Tests/Panel/
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { TABLES, formatRelative, pickLanguage, setLanguage, t, translateReason, translateServerMessage } from '../../Sources/Transports/Panel/js/i18n.js';
import { describeEvent, formatBytes, formatDuration, formatPercent, stateWithReason } from '../../Sources/Transports/Panel/js/format.js';
import { validateSpec } from '../../Sources/Transports/Panel/js/validate.js';
import { pidChange } from '../../Sources/Transports/Panel/js/log-viewer.js';
import { stateReason } from '../../Sources/Transports/Panel/js/views/dashboard.js';
import { systemMessage } from '../../Sources/Transports/Panel/js/views/system-log.js';
import { ruleOf } from '../../Sources/Transports/Panel/js/privileges.js';
import { maskUnit } from '../../Sources/Transports/Panel/js/views/detail.js';

const PANEL = new URL('../../Sources/Transports/Panel/', import.meta.url).pathname;
const sources = () => {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'lang') walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(PANEL, 'js'));
  // Comments are not shown to anyone: left out.
  const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return files.map((path) => ({ path, text: code(readFileSync(path, 'utf8')) }));
};

test('Spanish and English have exactly the same keys, none empty', () => {
  const es = Object.keys(TABLES.es).sort();
  const en = Object.keys(TABLES.en).sort();
  assert.deepEqual(es, en);
  for (const [code, table] of Object.entries(TABLES)) {
    for (const [key, value] of Object.entries(table)) assert.ok(value.trim() !== '', `${code}:${key} is empty`);
  }
  // The same placeholders on both sides.
  for (const key of es) {
    const names = (text) => (text.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(names(TABLES.es[key]), names(TABLES.en[key]), key);
  }
});

test('every key the code and index.html name exists, and each key family is complete', () => {
  const used = new Set();
  for (const { text } of sources()) {
    for (const match of text.matchAll(/\bt\('([a-z_.0-9]+)'/g)) used.add(match[1]);
  }
  const html = readFileSync(join(PANEL, 'index.html'), 'utf8');
  for (const match of html.matchAll(/data-i18n="([^"]+)"/g)) used.add(match[1]);
  for (const match of html.matchAll(/data-i18n-attr="([^"]+)"/g)) {
    for (const pair of match[1].split(';')) used.add(pair.split(':')[1]);
  }
  const families = {
    state: ['running', 'stopped', 'starting', 'stopping', 'restarting', 'crashed', 'failed', 'zombie', 'unknown'],
    level: ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'],
    alert: ['crashed', 'crash_loop', 'failed', 'zombie', 'unhealthy', 'start_limit', 'drift'],
    action: ['start', 'stop', 'restart', 'enable', 'disable', 'delete'],
    role: ['viewer', 'operator', 'admin'],
    'syslog.state': ['running', 'stopped', 'starting', 'stopping', 'restarting', 'crashed', 'failed', 'zombie', 'unknown'],
    error: ['bad_request', 'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited',
      'payload_too_large', 'permission_denied', 'backend_unavailable', 'operation_failed', 'timeout', 'internal'],
    'logs.level': ['all', '7', '6', '5', '4', '3', '2'],
    live: ['open', 'connecting', 'retrying', 'closed'],
    'logs.conn': ['open', 'connecting', 'retrying', 'closed'],
    unit: ['d', 'h', 'm', 's'],
  };
  for (const [family, members] of Object.entries(families)) for (const member of members) used.add(`${family}.${member}`);
  for (const action of families.action) used.add(`action.${action}.done`);
  for (const key of used) assert.ok(key in TABLES.es, `missing key ${key}`);
});

test('no view writes a visible string that is not from the tables', () => {
  // A visible text, title, label or placeholder must come from t(), an agent value or a symbol.
  const literal = /\b(text|title|placeholder|'aria-label'|confirm|message):\s*(['`])([^'`]*[A-Za-zÀ-ÿ]{3,}[^'`]*)\2/g;
  const allowed = new Set(['CPU', 'PID', 'systemd', 'shop-api', 'shop', 'ci-deploy', 'SIAX Agent', '512M', '50%', '8000', '/srv/shop/main.py', '/srv/shop']);
  const offenders = [];
  for (const { path, text } of sources()) {
    for (const match of text.matchAll(literal)) {
      const value = match[3];
      if (allowed.has(value) || value.includes('${')) continue;
      offenders.push(`${path.replace(PANEL, '')}: ${match[0]}`);
    }
    // Bare string children of h(…): h('span', {}, 'Words here').
    for (const match of text.matchAll(/h\('[a-z0-9]+', \{[^}]*\}, '([^']*[A-Za-z]{3,}[^']*)'\)/g)) offenders.push(`${path}: ${match[0]}`);
  }
  assert.deepEqual(offenders, []);
  // index.html: every text outside <code>, <title>, <noscript> and the brand comes from data-i18n.
  const html = readFileSync(join(PANEL, 'index.html'), 'utf8')
    .replace(/<noscript>.*?<\/noscript>/s, '').replace(/<title>.*?<\/title>/s, '').replace(/<code>.*?<\/code>/g, '')
    .replace(/<!--.*?-->/gs, '').replace(/<span>SIAX Agent<\/span>|<h1>SIAX Agent<\/h1>/g, '');
  const texts = [...html.matchAll(/>([^<]+)</g)].map((m) => m[1].trim()).filter((s) => /[A-Za-z]{2,}/.test(s));
  assert.deepEqual(texts.filter((s) => s !== '(' && s !== ').'), []);
});

test('the language: remembered choice, then browser languages, then Spanish', () => {
  assert.equal(pickLanguage('en', ['es-ES']), 'en');
  assert.equal(pickLanguage(null, ['en-US', 'es']), 'en');
  assert.equal(pickLanguage(null, ['fr-FR', 'es-MX']), 'es');
  assert.equal(pickLanguage('de', ['fr']), 'es');
  assert.equal(pickLanguage(null, []), 'es');
});

test('reasons from the agent are translated by pattern; unknown text is kept', () => {
  setLanguage('es');
  assert.equal(translateReason('exit code 1'), 'código de salida 1');
  assert.equal(translateReason('killed by SIGKILL'), 'matado por SIGKILL');
  assert.equal(translateReason('systemd: killed by SIGKILL'), 'matado por SIGKILL');
  assert.equal(translateReason('dumped core (SIGSEGV)'), 'volcó memoria (SIGSEGV)');
  assert.equal(translateReason('killed by the OOM killer'), 'matado por falta de memoria (OOM killer)');
  assert.equal(translateReason('start limit hit'), 'límite de arranques alcanzado');
  assert.equal(translateReason('result resources'), 'resultado resources');
  assert.equal(translateReason('restarted 5 times within 60 s; last failure: exit code 1'),
    '5 reinicios en 60 s; último fallo: código de salida 1');
  assert.equal(translateReason('something new'), 'something new');
  assert.equal(stateWithReason({ state: 'failed', reason: 'exit code 1' }), 'falló — código de salida 1');
  assert.equal(stateReason({ state: 'failed', reason: 'exit code 1' }, { detail: 'restarted 5 times within 60 s; last failure: exit code 1' }),
    'código de salida 1, 5 reinicios en 60 s');
  assert.equal(stateReason({ state: 'running', reason: null }, { detail: 'restarted 5 times within 60 s' }), '');
  setLanguage('en');
  assert.equal(translateReason('killed by SIGKILL'), 'killed by SIGKILL');
  assert.equal(stateWithReason({ state: 'crashed', reason: 'exit code 2' }), 'crashed — exit code 2');
});

test('numbers, units and events in Spanish', () => {
  setLanguage('es');
  assert.equal(formatBytes(48123904), '45,9 MiB');
  assert.equal(formatPercent(1.5).replace(/\s/g, ' '), '1,5 %');
  assert.equal(formatDuration(3600), '1 h 0 min');
  assert.equal(describeEvent({ type: 'state', previous: 'running', state: 'crashed', detail: 'killed by SIGKILL' }), 'en marcha → caída — matado por SIGKILL');
  assert.equal(describeEvent({ type: 'operation', operation: 'start', result: 'ok', actor: 'admin' }), 'iniciar: correcto, por admin');
  assert.equal(validateSpec({ name: '' }).find((e) => e.field === 'name').message, 'es obligatorio');
  assert.equal(t('logs.restarted', { from: 328, to: 393 }), 'proceso reiniciado: PID 328 → 393');
  setLanguage('en');
});

test("the system log words events in the chosen language; the agent's own lines stay as written", () => {
  setLanguage('es');
  const started = { message: 'Started web.service', unit: 'web.service', source: 'systemd', event: { type: 'state', app: 'web', state: 'running' } };
  assert.equal(systemMessage(started), 'web.service iniciada');
  const failed = { unit: 'web.service', event: { type: 'state', app: 'web', state: 'failed', detail: 'exit code 3' } };
  assert.equal(systemMessage(failed), 'web.service: falló (código de salida 3)');
  assert.equal(systemMessage({ message: 'backend: dbus', source: 'agent', event: null }), 'backend: dbus');
  setLanguage('en');
  assert.equal(systemMessage(started), 'Started web.service');
});

test("a restart is where the PID of the app's own lines changes (PID 1 is systemd)", () => {
  const tracker = { pid: null };
  assert.equal(pidChange(tracker, { pid: 328 }), null);
  assert.equal(pidChange(tracker, { pid: 328 }), null);
  assert.equal(pidChange(tracker, { pid: 1 }), null);
  assert.equal(pidChange(tracker, { pid: null }), null);
  assert.equal(pidChange(tracker, { pid: 393 }), 328);
  assert.equal(tracker.pid, 393);
});

test('the privilege banner copies the exact rule', () => {
  const polkit = 'write this rule to /etc/polkit-1/rules.d/50-siax-agent.rules: polkit.addRule(function(action, subject) { if (subject.user == "siax") { return polkit.Result.YES; } }); (or run the agent as root)';
  assert.equal(ruleOf(polkit), 'polkit.addRule(function(action, subject) { if (subject.user == "siax") { return polkit.Result.YES; } });');
  assert.equal(ruleOf('add this line with `visudo`: siax ALL=(root) NOPASSWD: /bin/systemctl, /bin/journalctl'), 'siax ALL=(root) NOPASSWD: /bin/systemctl, /bin/journalctl');
  assert.equal(ruleOf('something else'), 'something else');
});

test('the unit file shown in the panel masks every Environment= value, keeping the names', () => {
  const unit = '[Service]\nEnvironment="NODE_ENV=production"\nEnvironment="TOKEN=s3cr\\"et"\nExecStart="/usr/bin/node" "/srv/a.js"\n';
  assert.equal(maskUnit(unit), '[Service]\nEnvironment="NODE_ENV=••••••••"\nEnvironment="TOKEN=••••••••"\nExecStart="/usr/bin/node" "/srv/a.js"\n');
});

test('relative times in the chosen language', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  setLanguage('es');
  assert.match(formatRelative(new Date(now - 5 * 60000), now), /hace 5 min/);
  setLanguage('en');
  assert.match(formatRelative(new Date(now - 5 * 60000), now), /5 min\.? ago/);
});

test("the agent's field errors in the chosen language; unknown ones keep its words", () => {
  setLanguage('es');
  assert.equal(translateServerMessage('/srv/x/missing.js does not exist'), '/srv/x/missing.js no existe');
  assert.equal(translateServerMessage("no system user named 'shop'"), 'no existe el usuario del sistema "shop"');
  assert.equal(translateServerMessage('/srv is not an existing directory'), '/srv no es un directorio existente');
  assert.equal(translateServerMessage('something new'), 'rechazado por el agente: something new');
  setLanguage('en');
  assert.equal(translateServerMessage('/a does not exist'), '/a does not exist');
});
