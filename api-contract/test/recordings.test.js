import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NOT_CHECKED, readRecordings } from '../src/recordings.js';
import { TASK } from './answers.js';

const dir = mkdtempSync(join(tmpdir(), 'api-contract-'));
const CLI = fileURLToPath(new URL('../bin/check-exchanges.js', import.meta.url));

function har(entries) {
  return JSON.stringify({ log: { version: '1.2', entries } });
}

function entry(method, url, status, headers, text, encoding, requestHeaders = []) {
  return {
    request: { method, url, headers: requestHeaders },
    response: { status, headers: Object.entries(headers).map(([name, value]) => ({ name, value })), content: { text, encoding } },
  };
}

/** An entry as Playwright leaves it when the body never finished: content.size -1 and no text. */
function cut(method, url, status, headers, failureText) {
  const recorded = entry(method, url, status, headers);
  recorded.response.content = { size: -1, mimeType: headers['Content-Type'] || 'x-unknown' };
  if (failureText) recorded.response._failureText = failureText;
  return recorded;
}

const SSE = { 'Content-Type': 'text/event-stream;charset=UTF-8' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

test('a HAR is read below the base path, which is dropped; other entries are skipped', () => {
  const file = join(dir, 'gui.har');
  writeFileSync(file, har([
    entry('GET', 'http://127.0.0.1:3000/index.html', 200, { 'Content-Type': 'text/html' }, '<!doctype html>'),
    entry('GET', 'http://127.0.0.1:3000/api/tasks/1?x=1', 200, { 'Content-Type': 'application/json' }, Buffer.from(TASK).toString('base64'), 'base64', [{ name: 'Authorization', value: 'Bearer t' }]),
    entry('GET', 'http://127.0.0.1:3000/api/events', 0, {}, ''),
  ]));
  const { exchanges, skipped, notChecked } = readRecordings(file, { basePath: '/api' });
  assert.equal(skipped, 1);
  assert.deepEqual(notChecked, { noAnswer: 1 });
  assert.deepEqual(exchanges, [{ method: 'GET', target: '/tasks/1?x=1', requestHeaders: { authorization: 'Bearer t' }, status: 200, headers: { 'content-type': ['application/json'] }, body: TASK }]);
});

test('JSON lines as curl writes them are read', () => {
  const file = join(dir, 'smoke.jsonl');
  writeFileSync(file, `${JSON.stringify({ method: 'GET', url: 'http://127.0.0.1:8080/health', status: 200, headers: { 'content-type': ['application/json'] }, body: '{"status":"ok"}' })}\n`);
  assert.equal(readRecordings(file).exchanges[0].target, '/health');
});

test('the command passes described exchanges and fails, naming it, on one that is not', () => {
  const good = join(dir, 'good.jsonl');
  writeFileSync(good, `${JSON.stringify({ method: 'GET', url: 'http://h/health', status: 200, headers: { 'content-type': ['application/json'] }, body: '{"status":"ok"}' })}\n`);
  assert.match(execFileSync(process.execPath, [CLI, good], { encoding: 'utf8' }), /^1 passed, 0 failed$/m);

  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, `${JSON.stringify({ method: 'GET', url: 'http://h/health', status: 200, headers: { 'content-type': ['application/json'] }, body: '{"status":"fine"}' })}\n`);
  assert.throws(() => execFileSync(process.execPath, [CLI, good, bad], { encoding: 'utf8' }), (error) => error.status === 1
    && /GET \/health was answered 200/.test(error.stdout) && /\/status/.test(error.stdout) && /1 passed, 1 failed/.test(error.stdout));
});

test('an answer whose body the browser never finished reading is checked without its body, and counted', () => {
  const file = join(dir, 'cut.har');
  writeFileSync(file, har([
    // an event stream still open when the context closed (no failure) and one the page aborted to reconnect
    cut('GET', 'http://127.0.0.1:3000/api/events', 200, SSE),
    cut('GET', 'http://127.0.0.1:3000/api/events', 200, SSE, 'net::ERR_ABORTED'),
    // a body the page never read, dropped at a reload
    cut('GET', 'http://127.0.0.1:3000/api/tasks', 200, JSON_TYPE, 'net::ERR_ABORTED'),
    // no body by HTTP: Chromium never reports one, which is no cut body
    cut('DELETE', 'http://127.0.0.1:3000/api/tasks/1', 204, {}),
    // Playwright writes status -1 when no answer came at all
    entry('GET', 'http://127.0.0.1:3000/api/events', -1, {}, undefined),
  ]));
  const { exchanges, notChecked } = readRecordings(file, { basePath: '/api' });
  assert.deepEqual(notChecked, { bodyCut: 3, noAnswer: 1 });
  assert.deepEqual(exchanges.map((e) => [e.method, e.target, e.body]),
    [['GET', '/events', null], ['GET', '/events', null], ['GET', '/tasks', null], ['DELETE', '/tasks/1', '']]);
  const out = execFileSync(process.execPath, [CLI, '--base-path', '/api', file], { encoding: 'utf8' });
  assert.match(out, /^4 passed, 0 failed$/m);
  assert.ok(out.includes(`3 × ${NOT_CHECKED.bodyCut}`), out);
  assert.ok(out.includes(`1 × ${NOT_CHECKED.noAnswer}`), out);
});

test('a cut body still has its status and content type checked', () => {
  const file = join(dir, 'cut-wrong.har');
  writeFileSync(file, har([
    cut('GET', 'http://127.0.0.1:3000/api/events', 200, { 'Content-Type': 'application/json' }, 'net::ERR_ABORTED'),
    cut('GET', 'http://127.0.0.1:3000/api/tasks', 418, JSON_TYPE),
  ]));
  assert.throws(() => execFileSync(process.execPath, [CLI, '--base-path', '/api', file], { encoding: 'utf8' }), (error) => error.status === 1
    && /Content-Type application\/json is not one the document answers with here \(text\/event-stream\)/.test(error.stdout)
    && /status 418 is not documented for GET \/tasks/.test(error.stdout) && /0 passed, 2 failed/.test(error.stdout));
});

test('Swagger UI\'s static files are not API routes: left out, and counted', () => {
  const file = join(dir, 'swagger.har');
  writeFileSync(file, har([
    entry('GET', 'http://127.0.0.1:3000/api/swagger-ui/5.34.1/swagger-ui-bundle.js', 200, { 'Content-Type': 'text/javascript' }, '/* */'),
    entry('GET', 'http://127.0.0.1:3000/api/swagger-ui/swagger-initializer.js', 200, { 'Content-Type': 'text/javascript' }, '/* */'),
    entry('GET', 'http://127.0.0.1:3000/api/webjars/swagger-ui/5.34.1/swagger-ui.css', 200, { 'Content-Type': 'text/css' }, ''),
    entry('GET', 'http://127.0.0.1:3000/api/swagger-ui.html', 200, { 'Content-Type': 'text/html' }, '<!doctype html>'),
    // only below those prefixes: a page that merely starts alike is checked
    entry('GET', 'http://127.0.0.1:3000/api/swagger-uix', 200, { 'Content-Type': 'text/html' }, 'x'),
  ]));
  const { exchanges, notChecked } = readRecordings(file, { basePath: '/api' });
  assert.deepEqual(notChecked, { viewerAsset: 3 });
  assert.deepEqual(exchanges.map((e) => e.target), ['/swagger-ui.html', '/swagger-uix']);
});
