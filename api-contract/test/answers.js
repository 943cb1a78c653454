// Answers recorded from the running stack (edge in front of todo-core, with curl). The edge's own problems
// carry `instance` as the error rule requires (todo-core's already do).

/** A task's entity tag as todo-core gives it (the GUI's nginx weakens it, W/, when it compresses the answer). */
export const ETAG = '"mGq4Kp1QCvVf5n3bXNz0dw"';

export const TASK = '{"id":1,"ID":1,"title":"Buy milk","completed":false,"created_at":"2026-11-30T19:12:18Z","updated_at":"2026-11-30T19:12:18Z"}';

export const TOKENS = JSON.stringify({
  access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk2MDY2ODMyLCJpYXQiOjE3OTYwNjU5MzIsImp0aSI6Il9BbnZaZFhPbkpEeTdmVDRTaHVSZmciLCJzaWQiOiJ3Ri1pY1ZSa3RUNlM1ajBfNGxUeWN3In0.PAolYd4Ms3xfNtwzJ848X5VrvSOR3C4WEB8Xjnhca3U',
  token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk2MDY2ODMyLCJpYXQiOjE3OTYwNjU5MzIsImp0aSI6Il9BbnZaZFhPbkpEeTdmVDRTaHVSZmciLCJzaWQiOiJ3Ri1pY1ZSa3RUNlM1ajBfNGxUeWN3In0.PAolYd4Ms3xfNtwzJ848X5VrvSOR3C4WEB8Xjnhca3U',
  token_type: 'Bearer',
  expires_in: 900,
  user: { id: 1, email: 'ada@example.com' },
});

export const COOKIE = 'refresh_token=eyz9gma939uCwFowtkMCVg.VmaJauUW8GD3VSialIbrawVGojKjfWMRIReLriTxwOg; Path=/auth; Max-Age=604800; Expires=Mon, 07 Dec 2026 20:42:31 GMT; HttpOnly; SameSite=Lax';

export const SIGN_IN_UNAVAILABLE = '{"detail":"Sign-in is unavailable right now; try again shortly.","instance":"/auth/login","status":503,"title":"Service Unavailable","type":"about:blank","error":"Sign-in is unavailable right now; try again shortly.","code":"service_unavailable"}';

export const URL_TOO_LONG = '{"detail":"The request URL is too long.","instance":"/bad-request","status":414,"title":"URI Too Long","type":"about:blank","error":"The request URL is too long.","code":"request_too_large"}';

// the edge's answer to a request line of another HTTP than 1.x, as RequestGuard writes it
export const HTTP_VERSION_NOT_SUPPORTED = '{"detail":"Only HTTP/1.1 and HTTP/1.0 are served here.","instance":"/tasks","status":505,"title":"HTTP Version not supported","type":"about:blank","error":"Only HTTP/1.1 and HTTP/1.0 are served here.","code":"http_version_not_supported"}';

export const MISSING_TOKEN = '{"type":"about:blank","title":"Unauthorized","status":401,"detail":"An access token is required: Authorization: Bearer <token>.","instance":"/tasks","error":"An access token is required: Authorization: Bearer <token>.","code":"missing_token"}';

export const RATE_LIMITED = '{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"Too many requests; retry after 16 seconds.","instance":"/auth/login","error":"Too many requests; retry after 16 seconds.","code":"rate_limited"}';

export const NO_ROUTE = '{"type":"about:blank","title":"Not Found","status":404,"detail":"No such route.","instance":"/nope","error":"No such route.","code":"not_found"}';

export const METHOD_NOT_ALLOWED = '{"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"Method POST is not allowed here; allowed: [DELETE, GET, PUT, PATCH].","instance":"/tasks/1","error":"Method POST is not allowed here; allowed: [DELETE, GET, PUT, PATCH].","code":"method_not_allowed"}';

export const EVENTS = [
  'id: 0000000000000001',
  'event: task.created',
  'data: {"notification":{"id":"0000000000000001","type":"task.created","task_id":1,"title":"Buy milk","completed":false,"changed":[],"count":null,"at":"2026-11-30T19:12:18Z","read":false},"task":' + TASK + '}',
  '',
  ':',
  '',
  'id: 0000000000000002',
  'event: tasks.deleted',
  'data: {"notification":{"id":"0000000000000002","type":"tasks.deleted","task_id":null,"title":null,"completed":null,"changed":[],"count":3,"at":"2026-11-30T19:12:19Z","read":false},"task":null}',
  '',
  'event: session_ended',
  'data: {}',
  '',
  '',
].join('\n');

export function json(method, target, status, body, headers = {}) {
  return { method, target, status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export function problem(method, target, status, body, headers = {}) {
  return { method, target, status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body };
}
