import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ApiDocument } from '../src/document.js';
import { callProblems, callsOfApiModule, callsOfCurlLines, readText } from '../src/clients.js';

const document = ApiDocument.load();
const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function problemsOf(calls) {
  return calls.flatMap((call) => callProblems(document, call));
}

test('every call of the GUI\'s API module is a documented operation, with a token where it needs one and documented members', () => {
  const calls = callsOfApiModule(readText(root('frontend/src/js/api.js')), 'frontend/src/js/api.js');
  assert.ok(calls.length >= 12, `found ${calls.length} calls`);
  assert.deepEqual(problemsOf(calls), []);
  const seen = new Set(calls.map((call) => `${call.method} ${document.match(call.path)}`));
  for (const operation of ['POST /auth/login', 'POST /auth/refresh', 'PATCH /tasks/{id}', 'DELETE /tasks', 'GET /events', 'POST /notifications/read']) {
    assert.ok(seen.has(operation), `the API module calls ${operation}`);
  }
});

test('every curl line of the README and docs/ is a documented operation, with a token where it needs one', () => {
  const calls = ['README.md', 'docs/api.md', 'docs/architecture.md', 'frontend/README.md']
    .flatMap((file) => callsOfCurlLines(readText(root(file)), file));
  assert.ok(calls.length >= 4, `found ${calls.length} curl calls`);
  assert.deepEqual(problemsOf(calls), []);
});

test('a call the document does not describe is named, with why', () => {
  const source = [
    "send('POST', '/auth/impersonate', { auth: false });",
    "send('POST', '/auth/login', { body: { email, password, remember }, auth: false });",
    "authed('PUT', `/tasks/${enc(id)}/done`);",
    "authed('POST', '/health');",
    "send('POST', '/auth/logout', { auth: false });",
    "authed('GET', `/notifications${text ? `?${text}` : ''}`);",
    "authed('PATCH', `/tasks/${enc(id)}`, { body: changes });",
  ].join('\n');
  const problems = problemsOf(callsOfApiModule(source, 'fake.js'));
  assert.equal(problems.length, 6, problems.join('\n'));
  assert.match(problems[0], /fake\.js:1: POST \/auth\/impersonate is on no path/);
  assert.match(problems[1], /member 'remember'/);
  assert.match(problems[2], /\/tasks\/\{x\}\/done is on no path/);
  assert.match(problems[3], /does not offer POST/);
  assert.match(problems[4], /does not send a bearer token, but the document's operation needs one/);
  assert.match(problems[5], /fake\.js:7: PATCH \/tasks\/\{x\} sends member '\(not an object literal\)'/);
});

test('curl lines: the method, the path under the GUI\'s /api/ prefix, the token and the JSON members are read', () => {
  const calls = callsOfCurlLines([
    "curl -s -H 'Content-Type: application/json' -d '{\"email\":\"a@b.c\",\"password\":\"x\",\"name\":\"n\"}' localhost:8080/auth/register",
    'curl -s -X DELETE -H "Authorization: Bearer $TOKEN" http://localhost:3000/api/tasks/7',
    'TOKEN=$(curl -s localhost:8080/tasks | jq .)',
  ].join('\n'), 'x.md');
  assert.deepEqual(calls.map((call) => `${call.method} ${call.path} ${call.token}`), ['POST /auth/register false', 'DELETE /tasks/7 true', 'GET /tasks false']);
  const problems = problemsOf(calls);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /member 'name'/);
  assert.match(problems[1], /x\.md:3: GET \/tasks does not send a bearer token/);
});
