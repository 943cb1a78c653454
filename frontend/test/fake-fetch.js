// A scripted fetch for the API client's tests: each call takes the next answer and is recorded.

export function response(status, body, headers = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    text: async () => text,
  };
}

export function problem(status, code, error) {
  return response(status, { type: 'about:blank', status, title: 'x', detail: error, error, code });
}

export function fakeFetch(answers) {
  const calls = [];
  const queue = [...answers];
  const fetch = async (url, init = {}) => {
    calls.push({ url, method: init.method, headers: { ...init.headers }, body: init.body, credentials: init.credentials });
    if (queue.length === 0) throw new Error(`unexpected fetch ${init.method} ${url}`);
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(url, init) : next;
  };
  return { fetch, calls, remaining: () => queue.length };
}

export function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    dump: () => Object.fromEntries(data),
  };
}
