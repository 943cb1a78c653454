import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiContract, withUnreservedDecoded } from '../src/contract.js';
import { COOKIE, ETAG, EVENTS, HTTP_VERSION_NOT_SUPPORTED, METHOD_NOT_ALLOWED, MISSING_TOKEN, NO_ROUTE, RATE_LIMITED, SIGN_IN_UNAVAILABLE, TASK, TOKENS, URL_TOO_LONG, json, problem } from './answers.js';

const contract = new ApiContract();

function someProblem(problems, ...fragments) {
  assert.ok(problems.some((p) => fragments.every((f) => p.includes(f))),
    `expected a problem containing ${JSON.stringify(fragments)}, got ${JSON.stringify(problems, null, 1)}`);
}

test('the answers the stack really gives are described', () => {
  for (const exchange of [
    json('POST', '/tasks', 201, TASK, { Location: '/tasks/1', ETag: ETAG }),
    json('POST', '/tasks', 201, TASK, { Location: '/api/tasks/1', ETag: `W/${ETAG}` }),
    json('GET', '/tasks?completed=false&limit=20', 200, `[${TASK}]`),
    json('POST', '/auth/login', 200, TOKENS, { 'Set-Cookie': COOKIE, 'Cache-Control': 'no-store' }),
    problem('GET', '/tasks', 401, MISSING_TOKEN, { 'WWW-Authenticate': 'Bearer' }),
    problem('POST', '/auth/login', 429, RATE_LIMITED, { 'Retry-After': '16' }),
    problem('GET', '/nope', 404, NO_ROUTE),
    problem('POST', '/tasks/1', 405, METHOD_NOT_ALLOWED, { Allow: 'DELETE,GET,PUT,PATCH' }),
    { method: 'HEAD', target: '/tasks/1', status: 200, headers: { 'Content-Type': 'application/json', ETag: ETAG }, body: '' },
    { method: 'OPTIONS', target: '/tasks', status: 200, headers: { 'Access-Control-Allow-Origin': 'http://localhost:3000', 'Access-Control-Allow-Credentials': 'true' }, body: '' },
    { method: 'GET', target: '/events', status: 200, headers: { 'content-type': 'text/event-stream;charset=UTF-8' }, body: EVENTS },
    { method: 'GET', target: '/actuator/health/readiness', status: 503, headers: { 'content-type': 'application/vnd.spring-boot.actuator.v3+json' }, body: '{"status":"DOWN"}' },
  ]) {
    assert.deepEqual(contract.problems(exchange), [], `${exchange.method} ${exchange.target} ${exchange.status}`);
  }
});

test('a URL too long is described on any path, whatever the method', () => {
  assert.deepEqual(contract.problems(problem('GET', `/${'a'.repeat(5000)}`, 414, URL_TOO_LONG)), []);
  assert.deepEqual(contract.problems(problem('DELETE', '/tasks/1', 414, URL_TOO_LONG)), []);
  someProblem(contract.problems(problem('GET', '/tasks', 414, URL_TOO_LONG.replace('request_too_large', 'not_found'))), 'RequestTooLarge');
});

test('another HTTP than 1.x is described on any path, whatever the method', () => {
  assert.deepEqual(contract.problems(problem('GET', '/tasks', 505, HTTP_VERSION_NOT_SUPPORTED)), []);
  assert.deepEqual(contract.problems(problem('POST', '/no-such-route', 505, HTTP_VERSION_NOT_SUPPORTED)), []);
  someProblem(contract.problems(problem('GET', '/tasks', 505, HTTP_VERSION_NOT_SUPPORTED.replace('http_version_not_supported', 'invalid_request'))), 'HttpVersionNotSupported');
});

test('an edge that cannot sign in must say when to retry', () => {
  assert.deepEqual(contract.problems(problem('POST', '/auth/login', 503, SIGN_IN_UNAVAILABLE, { 'Retry-After': '5' })), []);
  someProblem(contract.problems(problem('POST', '/auth/login', 503, SIGN_IN_UNAVAILABLE)), 'Retry-After', 'missing');
});

test('too many of a user\'s requests in flight is described for the tasks', () => {
  assert.deepEqual(contract.problems(problem('GET', '/tasks/1', 429, RATE_LIMITED.replace('/auth/login', '/tasks/1'), { 'Retry-After': '1' })), []);
});

test('an undocumented status is refused with the documented ones', () => {
  someProblem(contract.problems(json('GET', '/tasks/1', 418, '{}')), 'status 418', 'GET /tasks/{id}', '200');
});

test('a task without a required field, with a leaked one, or with a wrong type is refused', () => {
  someProblem(contract.problems(json('GET', '/tasks/1', 200, TASK.replace('"id":1,', ''))), 'id');
  someProblem(contract.problems(json('GET', '/tasks/1', 200, TASK.replace('{', '{"user_id":7,'))), 'user_id');
  someProblem(contract.problems(json('GET', '/tasks/1', 200, TASK.replace('"completed":false', '"completed":"false"'))), '/completed', 'boolean');
});

test('a missing required header is refused: WWW-Authenticate, Retry-After, Location, Set-Cookie', () => {
  someProblem(contract.problems(problem('GET', '/tasks', 401, MISSING_TOKEN)), 'WWW-Authenticate', 'missing');
  someProblem(contract.problems(problem('POST', '/auth/login', 429, RATE_LIMITED)), 'Retry-After', 'missing');
  someProblem(contract.problems(json('POST', '/tasks', 201, TASK)), 'Location', 'missing');
  someProblem(contract.problems(json('POST', '/auth/login', 200, TOKENS, { 'Cache-Control': 'no-store' })), 'Set-Cookie', 'missing');
});

test('a header that does not match its schema is refused', () => {
  someProblem(contract.problems(problem('POST', '/auth/login', 429, RATE_LIMITED, { 'Retry-After': 'soon' })), 'Retry-After');
  someProblem(contract.problems(json('POST', '/tasks', 201, TASK, { Location: '/elsewhere' })), 'Location');
});

test('a problem with the wrong code, status member or without instance is refused', () => {
  const bearer = { 'WWW-Authenticate': 'Bearer' };
  someProblem(contract.problems(problem('GET', '/tasks', 401, MISSING_TOKEN.replace('"code":"missing_token"', '"code":"not_found"'), bearer)), '/code');
  someProblem(contract.problems(problem('GET', '/tasks', 401, MISSING_TOKEN.replace('"status":401', '"status":403'), bearer)), '/status');
  someProblem(contract.problems(problem('GET', '/tasks', 401, MISSING_TOKEN.replace('"instance":"/tasks",', ''), bearer)), 'instance');
});

test('an error answered as plain JSON is refused', () => {
  someProblem(contract.problems(json('GET', '/tasks', 401, MISSING_TOKEN, { 'WWW-Authenticate': 'Bearer' })), 'Content-Type application/json');
});

test('an answer on a route the document lacks is refused, a 404 there is not', () => {
  someProblem(contract.problems(json('GET', '/actuator/info', 200, '{}')), 'route the document lacks');
  someProblem(contract.problems(json('GET', '/tasks/', 200, '[]')), 'route the document lacks');
  assert.deepEqual(contract.problems(problem('GET', '/tasks/', 404, NO_ROUTE)), []);
});

test('a method the path does not offer must be a 405 whose Allow agrees with the document', () => {
  someProblem(contract.problems(json('POST', '/tasks/1', 200, TASK)), 'does not offer POST');
  someProblem(contract.problems(problem('POST', '/tasks/1', 405, METHOD_NOT_ALLOWED)), 'Allow', 'missing');
  const wrong = contract.problems(problem('POST', '/tasks/1', 405, METHOD_NOT_ALLOWED, { Allow: 'GET,TRACE' }));
  someProblem(wrong, 'lacks DELETE, PATCH, PUT');
  someProblem(wrong, 'names TRACE');
});

test('a rejected preflight without a problem body is refused', () => {
  someProblem(contract.problems({ method: 'OPTIONS', target: '/tasks', status: 403, headers: {}, body: '' }), 'CORS preflight');
});

test('a request from an origin that is not allowed may be refused 403 problem JSON on any path, only so', () => {
  const refused = '{"type":"about:blank","title":"Forbidden","status":403,"detail":"This cross-origin request is not allowed.","instance":"/health","error":"This cross-origin request is not allowed.","code":"forbidden"}';
  const fromOrigin = (body, headers = {}) => ({ method: 'GET', target: '/health', requestHeaders: { origin: 'http://evil.example' }, status: 403, headers: { 'content-type': 'application/problem+json', ...headers }, body });
  assert.deepEqual(contract.problems(fromOrigin(refused)), []);
  someProblem(contract.problems(fromOrigin('')), 'CORS refusal');
  // an allowed origin's answer is the operation's, which has no 403 here
  someProblem(contract.problems(fromOrigin(refused, { 'access-control-allow-origin': 'http://evil.example' })), '403');
  someProblem(contract.problems({ ...fromOrigin(refused), requestHeaders: {} }), '403');
});

test('an answer marked as a test double\'s is not checked', () => {
  const stub = { method: 'GET', target: '/tasks/echo', status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  assert.notDeepEqual(contract.problems(stub), []);
  assert.deepEqual(contract.problems({ ...stub, headers: { ...stub.headers, 'X-Contract-Exempt': 'a stub' } }), []);
});

test('an escaped unreserved character is the character, as the edge routes it; other escapes stay', () => {
  assert.equal(withUnreservedDecoded('/auth/%6cogin'), '/auth/login');
  assert.equal(withUnreservedDecoded('/tasks/1%2F2%zz%7E'), '/tasks/1%2F2%zz~');
});

test('events the document does not describe are refused', () => {
  const stream = (events) => ({ method: 'GET', target: '/events', status: 200, headers: { 'content-type': 'text/event-stream' }, body: events });
  someProblem(contract.problems(stream('id: 7\nevent: task.renamed\ndata: {}\n\n')), "no event named 'task.renamed'", 'session_ended');
  someProblem(contract.problems(stream(EVENTS.replace('id: 0000000000000001\n', ''))), 'event 1 (task.created)', 'id');
  someProblem(contract.problems(stream('event: session_ended\ndata: bye\n\n')), 'data is not JSON');
  someProblem(contract.problems(stream(EVENTS.replace('"tasks.deleted","task_id":null', '"tasks.deleted","task_id":5'))), 'event 2 (tasks.deleted)', 'task_id');
  someProblem(contract.problems(stream('event: session_ended\n\n')), 'data');
  someProblem(contract.problems(stream('event: unavailable\ndata: {}\n\n')), 'retry');
});

test('check throws with the exchange, every problem and the answer', () => {
  assert.throws(() => contract.check(json('GET', '/tasks/1', 200, TASK.replace('{', '{"user_id":7,'))),
    (error) => error.message.startsWith('GET /tasks/1 was answered 200, which')
      && error.message.includes('user_id') && error.message.includes("the answer's body: {\"user_id\":7,"));
});

test('an answer recorded without its body (null) is held to its status, headers and content type only', () => {
  assert.deepEqual(contract.problems({ method: 'GET', target: '/events', status: 200, headers: { 'content-type': 'text/event-stream' }, body: null }), []);
  assert.deepEqual(contract.problems({ method: 'GET', target: '/tasks', status: 200, headers: { 'content-type': 'application/json' }, body: null }), []);
  someProblem(contract.problems({ method: 'GET', target: '/tasks', status: 200, headers: { 'content-type': 'text/html' }, body: null }), 'Content-Type text/html');
  someProblem(contract.problems({ method: 'GET', target: '/tasks', status: 401, headers: { 'content-type': 'application/problem+json' }, body: null }), 'WWW-Authenticate', 'missing');
});
