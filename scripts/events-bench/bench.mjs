// The event-stream benchmark (run by scripts/events-bench.sh against a running stack): opens EVENTS_BENCH_STREAMS
// idle GET /events streams on one edge and reports what each costs it (resident memory and heap after a full GC,
// measured at 0, half and all of the streams, and again after they idled), then the latency from a change's 2xx
// (POST /tasks through the edge) to its event on another open stream of the same user, idle and while wrk loads
// GET /tasks as scripts/bench.sh does.
//
// Settings (environment): EDGE (base URL), EDGE_PID, EVENTS_BENCH_STREAMS (2000), EVENTS_BENCH_USERS (100: an edge
// allows EVENTS_MAX_STREAMS_PER_USER, 32, per user), EVENTS_BENCH_SAMPLES (100), EVENTS_BENCH_IDLE (s, 30),
// EVENTS_BENCH_LOAD_CONNECTIONS (16), EVENTS_BENCH_OUTAGE (1: last, stop the notifier with scripts/stack.sh, change a
// task, start it, and time how soon a new stream is accepted and replays that change; 0: skip).

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import { createSseParser } from '../../frontend/src/js/sse.js';
import { heapUsedKiB, percentile, perStream, rssKiB } from './figures.mjs';

const EDGE = new URL(process.env.EDGE ?? 'http://127.0.0.1:8080');
const EDGE_PID = process.env.EDGE_PID;
const STREAMS = Number(process.env.EVENTS_BENCH_STREAMS ?? 2000);
const USERS = Number(process.env.EVENTS_BENCH_USERS ?? 100);
const SAMPLES = Number(process.env.EVENTS_BENCH_SAMPLES ?? 100);
const IDLE_SECONDS = Number(process.env.EVENTS_BENCH_IDLE ?? 30);
const LOAD_CONNECTIONS = Number(process.env.EVENTS_BENCH_LOAD_CONNECTIONS ?? 16);
const OUTAGE = (process.env.EVENTS_BENCH_OUTAGE ?? '1') !== '0';
const STACK = new URL('../stack.sh', import.meta.url).pathname;
if (!EDGE_PID) throw new Error('EDGE_PID is required');

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, EDGE), { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function newUser(index) {
  const credentials = { email: `events-bench-${Date.now()}-${index}@example.com`, password: 'events-bench-1' };
  await json('POST', '/auth/register', { body: credentials });
  const login = await json('POST', '/auth/login', { body: credentials });
  return { id: login.user.id, token: login.access_token };
}

/** Opens one stream; resolves once it answered 200. `onEvent` gets each parsed event with its arrival time. */
function openStream(token, onEvent = () => {}, lastEventId = undefined) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const request = http.get(new URL('/events', EDGE), { agent, headers });
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET /events: ${response.statusCode}`));
        return;
      }
      const parser = createSseParser({ onEvent: (event) => onEvent(event, performance.now()) });
      response.on('data', (chunk) => parser.push(chunk));
      response.on('error', () => {});
      resolve({ close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

function memory() {
  execFileSync('jcmd', [EDGE_PID, 'GC.run'], { stdio: 'ignore' });
  const heap = heapUsedKiB(execFileSync('jcmd', [EDGE_PID, 'GC.heap_info'], { encoding: 'utf8' }));
  const rss = rssKiB(readFileSync(`/proc/${EDGE_PID}/status`, 'utf8'));
  return { heap, rss };
}

const mib = (kib) => (kib / 1024).toFixed(1);

async function openMany(users, count, into) {
  const batch = 50; // a burst of connections at a time, as reconnecting browsers would come
  for (let opened = 0; opened < count; opened += batch) {
    const next = [];
    for (let i = opened; i < Math.min(count, opened + batch); i++) {
      next.push(openStream(users[i % users.length].token));
    }
    into.push(...(await Promise.all(next)));
  }
}

/** SAMPLES changes of `user`, each timed from its 2xx to its event on the probe stream (matched by title). */
async function latencies(user, waiting, run) {
  const results = [];
  for (let i = 0; i < SAMPLES; i++) {
    const title = `latency probe ${run} ${i}`;
    const seen = new Promise((resolve) => waiting.set(title, resolve));
    await json('POST', '/tasks', { token: user.token, body: { title } });
    const done = performance.now();
    const arrived = await Promise.race([seen, sleep(10_000).then(() => NaN)]);
    waiting.delete(title);
    if (Number.isNaN(arrived)) throw new Error(`"${title}": no event within 10 s`);
    results.push(Math.max(0, arrived - done)); // an event may even beat its 2xx to the client
  }
  return results;
}

function report(label, values) {
  const f = (v) => v.toFixed(1).padStart(7);
  console.log(`  ${label.padEnd(44)} p50 ${f(percentile(values, 50))} ms  p99 ${f(percentile(values, 99))} ms` +
    `  max ${f(Math.max(...values))} ms  (${values.length} samples)`);
}

async function main() {
  console.log(`events-bench: ${STREAMS} idle streams of ${USERS} users on the edge (pid ${EDGE_PID}); ` +
    `${SAMPLES} latency samples idle and under load`);
  const users = [];
  for (let i = 0; i < USERS; i++) users.push(await newUser(i));

  // the latency probe: another stream of the first user; its events are matched to their change by title
  const waiting = new Map();
  const probe = users[0];
  const watcher = await openStream(probe.token, (event, at) => {
    if (event.type === 'task.created') waiting.get(JSON.parse(event.data).notification.title)?.(at);
  });
  await sleep(1000);
  const base = memory();
  const streams = [];
  await openMany(users, Math.floor(STREAMS / 2), streams);
  await sleep(2000);
  const half = memory();
  await openMany(users, STREAMS - streams.length, streams);
  await sleep(2000);
  const all = memory();
  await sleep(IDLE_SECONDS * 1000);
  const idle = memory();

  console.log(`memory of the edge (after a full GC):`);
  console.log(`  ${'streams'.padEnd(24)} ${'RSS MiB'.padStart(9)} ${'heap MiB'.padStart(9)}`);
  for (const [label, m] of [['0', base], [String(streams.length / 2), half], [String(streams.length), all],
    [`${streams.length}, ${IDLE_SECONDS}s idle later`, idle]]) {
    console.log(`  ${label.padEnd(24)} ${mib(m.rss).padStart(9)} ${mib(m.heap).padStart(9)}`);
  }
  console.log(`  per stream: RSS ${perStream(base.rss, all.rss, streams.length)} KiB, heap ` +
    `${perStream(base.heap, all.heap, streams.length)} KiB`);

  const idleLatency = await latencies(probe, waiting, 'idle');
  const load = spawn('wrk', ['-t1', `-c${LOAD_CONNECTIONS}`, '-d600s', '-H', `Authorization: Bearer ${probe.token}`,
    new URL('/tasks', EDGE).href], { stdio: 'ignore' });
  await sleep(3000);
  let loadedLatency;
  try {
    loadedLatency = await latencies(probe, waiting, 'loaded');
  } finally {
    load.kill();
  }
  console.log(`change (POST /tasks 2xx) -> its event on another open stream, ${streams.length + 1} streams open:`);
  report('idle', idleLatency);
  report(`while wrk GET /tasks runs (${LOAD_CONNECTIONS} connections)`, loadedLatency);

  for (const stream of streams) stream.close();
  if (OUTAGE) await outage(probe);
  watcher.close();
}

/**
 * The notifier stopped and started again (scripts/stack.sh), a change made meanwhile; then, from the moment the notifier is ready again, how long until the edge accepts a new stream (asked
 * every 100 ms, as a client past its backoff would) and until that stream has replayed the change. A browser adds
 * its own backoff to the first figure: never less than the `retry:` the edge sent.
 */
async function outage(user) {
  const before = await json('GET', '/notifications?limit=1', { token: user.token });
  const lastSeen = before[0]?.id;
  execFileSync(STACK, ['stop', 'notifier'], { stdio: 'ignore' });
  const title = `made during the outage ${Date.now()}`;
  await json('POST', '/tasks', { token: user.token, body: { title } });
  execFileSync(STACK, ['start', 'notifier'], { stdio: 'ignore' });
  const ready = performance.now();
  let accepted;
  let resumed;
  let replayed;
  const seen = new Promise((resolve) => { replayed = resolve; });
  for (;;) {
    try {
      resumed = await openStream(user.token, (event, at) => {
        if (event.type === 'task.created' && JSON.parse(event.data).notification.title === title) replayed(at);
      }, lastSeen);
      accepted = performance.now();
      break;
    } catch {
      if (performance.now() - ready > 60_000) throw new Error('no stream accepted within 60 s of the notifier');
      await sleep(100);
    }
  }
  const arrived = await Promise.race([seen, sleep(10_000).then(() => NaN)]);
  resumed.close();
  if (Number.isNaN(arrived)) throw new Error('the change made during the outage was not replayed');
  console.log('the notifier stopped and started again (scripts/stack.sh; "ready" is its readiness probe answering):');
  console.log(`  ${'new stream accepted after the notifier is ready'.padEnd(52)} ${(accepted - ready).toFixed(0)} ms`);
  console.log(`  ${'the outage\'s change replayed on it'.padEnd(52)} ${(arrived - ready).toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(`events-bench: ${error.message}`);
  process.exit(1);
});
