// The live event stream: GET /api/events with the Bearer token, read with fetch (EventSource cannot send the
// header) and parsed by sse.js. It keeps one stream open while the user is signed in and says how it goes:
//
//   'connecting'  opening a stream (quietly: nothing to show)
//   'live'        a stream is open; every change arrives as it happens
//   'paused'      the notifications are unavailable (503, or `event: unavailable`), or two attempts in a row
//                 failed: the page says so quietly and refreshes the list every 30 s until a stream is back
//   'off'         stopped: signed out, the page hidden for long, or the server has no live updates (404)
//
// Reconnecting: after a failure it waits with exponential backoff (equal jitter, capped), never less than the
// server's `retry:` or `Retry-After`, and resumes with a Last-Event-ID header naming the last event it handed on,
// so the server replays what came after it. A stream that was opened without one (the first, or after a long
// absence) may have missed changes: `onResync` asks for the list again. `event: session_ended` renews the access
// token once and reconnects at once; a renewal the server refuses ends the session (the API client tells the app,
// which shows the sign-in form). A connection on which nothing at all arrives for 45 s (the server sends a comment
// every 15 s) is taken for dead and replaced. After 5 minutes hidden the stream is closed; it reopens (and the list
// is fetched again) when the page is shown.

import { SESSION_ENDED } from './api.js';
import { createSseParser } from './sse.js';

export const LIVE_TIMINGS = Object.freeze({
  firstRetryMs: 1000, // the first reconnect, unless the server's retry: says otherwise
  maxRetryMs: 30000, // the backoff's cap
  maxServerHintMs: 300000, // a retry: or Retry-After above this is taken as this
  pollMs: 30000, // the list refresh while paused
  silenceMs: 45000, // no byte for this long: the connection is dead
  hiddenMs: 300000, // the page hidden for this long: close the stream
});

/**
 * Whether a resync should fetch the bell's unread count as well as the list. The count is fetched at sign-in and an
 * open stream keeps it up to date, so: a stream opened after the first one since sign-in (it may have missed
 * notifications), each poll while paused (no stream brings them; with the notifier down the fetch fails and
 * the count stays as it was), and any resync while the count is not known (the sign-in's fetch failed: the page
 * was loaded while the edge was down).
 * @param {string}  reason               the reason onResync was given
 * @param {number}  streamsOpenedBefore  streams opened since sign-in before this one ('stream' only)
 * @param {boolean} countKnown           whether the count has been fetched (or the server has no notifications)
 */
export function resyncsCount(reason, streamsOpenedBefore, countKnown = true) {
  return !countKnown || reason === 'poll' || (reason === 'stream' && streamsOpenedBefore > 0);
}

/**
 * @param {object}   options
 * @param {object}   options.api        the client from api.js (events, renew)
 * @param {Function} options.onEvent    ({ type, id, payload }) for each event of the stream; payload is the parsed
 *                                      JSON data (null when there is none or it is not JSON)
 * @param {Function}[options.onStatus]  (status) when the status changes
 * @param {Function}[options.onResync]  (reason) when the list may have missed changes and should be fetched
 *                                      again: 'stream' (a stream opened without resuming), 'poll' (every 30 s
 *                                      while paused), 'event' (an event that could not be applied)
 * @param {object}  [options.timers]    setTimeout/clearTimeout/setInterval/clearInterval (fake ones in tests)
 * @param {Function}[options.random]    a number in [0, 1), for the jitter
 * @param {object}  [options.timings]   overrides of LIVE_TIMINGS
 */
export function createLiveUpdates({
  api,
  onEvent,
  onStatus = () => {},
  onResync = () => {},
  timers = globalThis,
  random = Math.random,
  timings = {},
}) {
  const t = { ...LIVE_TIMINGS, ...timings };
  let status = 'off';
  let running = false; // between start() and stop()
  let suspended = false; // closed because the page was hidden for long
  let unsupported = false; // the server has no /events
  let generation = 0; // bumped whenever the current attempt must be forgotten
  let controller = null;
  let lastEventId = '';
  let attempt = 0; // failed attempts since the last stream that delivered something
  let failures = 0; // attempts in a row that failed, for the quiet 'paused' state
  let endedWithoutNews = 0; // streams in a row that ended their session before anything arrived
  let serverRetry = null;
  let retryTimer = null;
  let pollTimer = null;
  let silenceTimer = null;
  let hiddenTimer = null;

  function setStatus(next) {
    if (next === status) return;
    status = next;
    if (next === 'paused') {
      if (!pollTimer) pollTimer = timers.setInterval(() => onResync('poll'), t.pollMs);
    } else if (pollTimer) {
      timers.clearInterval(pollTimer);
      pollTimer = null;
    }
    onStatus(next);
  }

  function clearTimer(timer) {
    if (timer) timers.clearTimeout(timer);
    return null;
  }

  /** Forgets the current attempt: its continuations see a newer generation and do nothing. */
  function disconnect() {
    generation += 1;
    retryTimer = clearTimer(retryTimer);
    silenceTimer = clearTimer(silenceTimer);
    if (controller) controller.abort();
    controller = null;
  }

  function backoff(hintMs) {
    const base = serverRetry ?? t.firstRetryMs;
    const ceiling = Math.min(t.maxRetryMs, base * 2 ** attempt);
    attempt += 1;
    const jittered = ceiling / 2 + (random() * ceiling) / 2;
    return Math.max(jittered, Math.min(hintMs || 0, t.maxServerHintMs));
  }

  function schedule(delay, then = connect) {
    retryTimer = clearTimer(retryTimer);
    const current = generation;
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      if (current === generation && running && !suspended) then();
    }, delay);
  }

  function failed(error) {
    if (error && error.code === SESSION_ENDED) {
      stop(); // the API client has told the app, which shows the sign-in form
      return;
    }
    const status4xx = error && error.status >= 400 && error.status < 500;
    if (error && (error.code === 'not_an_event_stream' || (status4xx && error.status !== 408 && error.status !== 429))) {
      unsupported = true; // a 404 (no live updates on this server) or a request it will always refuse
      disconnect();
      setStatus('off');
      return;
    }
    failures += 1;
    const hint = error && error.retryAfter ? error.retryAfter * 1000 : 0;
    if ((error && error.status === 503) || failures >= 2) setStatus('paused');
    else setStatus('connecting');
    schedule(backoff(hint));
  }

  async function connect() {
    disconnect();
    const current = generation;
    controller = new AbortController();
    if (status !== 'paused') setStatus('connecting');
    let opened;
    try {
      opened = await api.events({ lastEventId, signal: controller.signal });
    } catch (error) {
      if (current === generation) failed(error);
      return;
    }
    if (current !== generation) {
      opened.response.body.cancel().catch(() => {});
      return;
    }
    const resumed = lastEventId !== '';
    failures = 0;
    setStatus('live');
    if (!resumed) onResync('stream'); // changes made before this stream began are not in it
    await read(opened, current);
  }

  function watchSilence(current) {
    silenceTimer = clearTimer(silenceTimer);
    silenceTimer = timers.setTimeout(() => {
      if (current === generation && controller) controller.abort(); // the read fails, and the stream is replaced
    }, t.silenceMs);
  }

  async function read(opened, current) {
    let ending = null; // 'session_ended' or 'unavailable' once the server said so
    const parser = createSseParser({
      onRetry: (ms) => {
        serverRetry = ms;
      },
      onComment: () => {
        endedWithoutNews = 0;
      },
      onEvent: (event) => {
        if (ending) return;
        if (event.type === 'session_ended' || event.type === 'unavailable') {
          ending = event.type;
          return;
        }
        endedWithoutNews = 0;
        let payload = null;
        try {
          payload = event.data ? JSON.parse(event.data) : null;
        } catch {
          payload = null;
        }
        try {
          onEvent({ type: event.type, id: event.id, payload });
        } catch {
          onResync('event'); // the event could not be applied: the list is fetched instead
        }
        if (event.id) lastEventId = event.id;
      },
    });
    const reader = opened.response.body.getReader();
    let broken = false;
    watchSilence(current);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (current !== generation) return;
        if (done) break;
        watchSilence(current);
        attempt = 0; // bytes arrive: the connection works
        parser.push(value);
        if (ending) break;
      }
    } catch {
      if (current !== generation) return;
      broken = true;
    } finally {
      if (current === generation) silenceTimer = clearTimer(silenceTimer);
    }
    parser.end();
    reader.cancel().catch(() => {});
    if (ending === 'session_ended') {
      endedWithoutNews += 1;
      renewThenConnect(opened.token);
    } else if (ending === 'unavailable') {
      failures += 1;
      setStatus('paused');
      schedule(backoff(serverRetry));
    } else {
      failed(broken ? { status: 0, code: 'network_error' } : { status: 0, code: 'stream_closed' });
    }
  }

  /** The stream's token expired or was revoked: one renewal, then a new stream (Last-Event-ID resumes it). */
  async function renewThenConnect(token) {
    const current = generation;
    setStatus('connecting');
    try {
      await api.renew(token);
    } catch (error) {
      if (current === generation) failed(error);
      return;
    }
    if (current !== generation || !running) return;
    // a stream that keeps ending before it delivers anything must not turn into a tight loop
    if (endedWithoutNews > 1) schedule(backoff(0));
    else connect();
  }

  function stop() {
    running = false;
    suspended = false;
    hiddenTimer = clearTimer(hiddenTimer);
    disconnect();
    lastEventId = '';
    attempt = 0;
    failures = 0;
    endedWithoutNews = 0;
    serverRetry = null;
    setStatus('off');
  }

  return {
    get status() {
      return status;
    },
    get lastEventId() {
      return lastEventId;
    },
    /** Opens the stream (signed in, list shown). Does nothing while it is running. */
    start() {
      if (running) return;
      running = true;
      unsupported = false;
      connect();
    },
    /** Closes the stream and forgets where it was (signed out). */
    stop,
    /** The page was hidden: after a while the stream is closed, so a forgotten tab holds nothing open. */
    pageHidden() {
      if (!running || hiddenTimer || suspended) return;
      hiddenTimer = timers.setTimeout(() => {
        hiddenTimer = null;
        if (!running) return;
        suspended = true;
        disconnect();
        lastEventId = ''; // on return the list is fetched again rather than a long replay
        setStatus('off');
      }, t.hiddenMs);
    },
    /** The page is shown again: reopens the stream if it was closed while hidden. */
    pageVisible() {
      hiddenTimer = clearTimer(hiddenTimer);
      if (!running || !suspended) return;
      suspended = false;
      if (!unsupported) {
        attempt = 0;
        failures = 0;
        connect();
      }
    },
  };
}
