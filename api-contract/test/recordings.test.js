import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRecordings } from '../src/recordings.js';
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

test('a HAR is read below the base path, which is dropped; other entries are skipped', () => {
  const file = join(dir, 'gui.har');
  writeFileSync(file, har([
    entry('GET', 'http://127.0.0.1:3000/index.html', 200, { 'Content-Type': 'text/html' }, '<!doctype html>'),
    entry('GET', 'http://127.0.0.1:3000/api/tasks/1?x=1', 200, { 'Content-Type': 'application/json' }, Buffer.from(TASK).toString('base64'), 'base64', [{ name: 'Authorization', value: 'Bearer t' }]),
    entry('GET', 'http://127.0.0.1:3000/api/events', 0, {}, ''),
  ]));
  const { exchanges, skipped } = readRecordings(file, { basePath: '/api' });
  assert.equal(skipped, 1);
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
