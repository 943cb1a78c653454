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
    calls.push({ url, method: init.method, headers: { ...init.headers }, body: init.body, credentials: init.credentials, signal: init.signal });
    if (queue.length === 0) throw new Error(`unexpected fetch ${init.method} ${url}`);
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(url, init) : next;
  };
  return { fetch, calls, remaining: () => queue.length, more: (...next) => queue.push(...next) };
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

/**
 * A streamed answer (text/event-stream by default) whose body the test writes as it goes: push(text), close(),
 * fail(). When the request's AbortSignal fires, the body fails as a browser's would; `aborted` tells.
 */
export function streamResponse({ status = 200, headers = { 'Content-Type': 'text/event-stream' } } = {}) {
  let controller;
  const encoder = new TextEncoder();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const stream = {
    aborted: false,
    cancelled: false,
    response: null,
    push(text) {
      controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text);
    },
    close() {
      controller.close();
    },
    fail(error = new TypeError('network error')) {
      controller.error(error);
    },
    /** The fetch answer for a request: ties the body to the request's signal. */
    answer(url, init = {}) {
      if (init.signal) {
        if (init.signal.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
        init.signal.addEventListener('abort', () => {
          stream.aborted = true;
          try {
            controller.error(new DOMException('The operation was aborted.', 'AbortError'));
          } catch {
            // already closed
          }
        });
      }
      return stream.response;
    },
  };
  const body = new ReadableStream({
    start(c) {
      controller = c;
    },
    cancel() {
      stream.cancelled = true;
    },
  });
  stream.response = {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    body,
    text: async () => '',
  };
  stream.answer = stream.answer.bind(stream);
  return stream;
}

/** Timers the test moves by hand: tick(ms) runs what falls due, in order, letting promises settle in between. */
export function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map();
  const add = (fn, ms, every) => {
    seq += 1;
    timers.set(seq, { at: now + Math.max(0, ms || 0), fn, every });
    return seq;
  };
  return {
    setTimeout: (fn, ms) => add(fn, ms, null),
    clearTimeout: (id) => timers.delete(id),
    setInterval: (fn, ms) => add(fn, ms, ms),
    clearInterval: (id) => timers.delete(id),
    get now() {
      return now;
    },
    /** Milliseconds until each pending timer, soonest first. */
    pending: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    async tick(ms) {
      const end = now + ms;
      for (;;) {
        let next = null;
        let nextId = null;
        for (const [id, timer] of timers) {
          if (timer.at <= end && (!next || timer.at < next.at)) {
            next = timer;
            nextId = id;
          }
        }
        if (!next) break;
        now = next.at;
        if (next.every) next.at += next.every;
        else timers.delete(nextId);
        next.fn();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}

/** Lets every pending promise (and stream read) settle. */
export async function settle() {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
