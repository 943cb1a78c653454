// The HTTP client: one place that knows the API's paths, its JSON and its problem bodies, and the session rules
// (refresh once on an expired access token, any other 401 ends the session). No DOM here.

export class ApiError extends Error {
  /** `serverMessage`: the server's own sentence when the GUI shows its own instead (a 5xx); it is not shown. */
  constructor(message, { status = 0, code = 'unknown_error', retryAfter = null, serverMessage = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.serverMessage = serverMessage;
  }
}

/**
 * The service whose absence `error` reports, for a message that can go when it answers again: 'server' when no
 * answer came at all, `service` for a 502, 503 or 504 (the edge answered, the service behind it did not); null for
 * any other error, which says something about the request itself.
 */
export function unavailableService(error, service) {
  if (!error || typeof error.status !== 'number') return null;
  if (error.status === 0) return 'server';
  return error.status === 502 || error.status === 503 || error.status === 504 ? service : null;
}

/** Codes that mean "this session is over": the user has to sign in again. */
export const SESSION_ENDED = 'session_ended';

const STATUS_MESSAGES = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'That item no longer exists.',
  409: 'That conflicts with existing data.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Please wait a moment and try again.',
  500: 'Something went wrong on the server. Please try again.',
  502: 'The service is unavailable right now. Please try again shortly.',
  503: 'The service is unavailable right now. Please try again shortly.',
  504: 'The service took too long to answer. Please try again.',
};

/**
 * A readable sentence for a status: the GUI's own for a 5xx, when the body has none otherwise. `retryAfter` (the
 * seconds of a 503's Retry-After) says when to try again.
 */
export function messageForStatus(status, retryAfter = null) {
  if ((status === 502 || status === 503) && retryAfter > 0 && retryAfter <= 120) {
    return `The service is unavailable right now. Please try again in ${retryAfter} ${retryAfter === 1 ? 'second' : 'seconds'}.`;
  }
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status];
  if (status >= 500) return STATUS_MESSAGES[500];
  return `The request failed (HTTP ${status}).`;
}

/** The server's sentence as a sentence: first letter upper-case ("title must be…" → "Title must be…"). */
export function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

/**
 * Maps an HTTP failure to an ApiError: for a 4xx the problem body's `error` (a human sentence: "title must be at
 * most 255 characters") first, then `detail`, then a sentence for the status. A 5xx always gets the GUI's own
 * sentence: the server's speaks of its insides ("the upstream service", "token revocation"), which the user cannot
 * act on; it is kept as `serverMessage`. Never exposes the raw body.
 */
export function toApiError(status, body, headers) {
  let message = '';
  let code = '';
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    if (typeof body.error === 'string' && body.error.trim()) message = body.error.trim();
    else if (typeof body.detail === 'string' && body.detail.trim()) message = body.detail.trim();
    else if (typeof body.message === 'string' && body.message.trim()) message = body.message.trim();
    if (typeof body.code === 'string') code = body.code;
  }
  const retryHeader = headers && typeof headers.get === 'function' ? headers.get('Retry-After') : null;
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  const own = status >= 500 || !message;
  return new ApiError(own ? messageForStatus(status, retryAfter) : sentence(message), {
    status,
    code: code || `http_${status}`,
    retryAfter,
    serverMessage: own ? sentence(message) : '',
  });
}

/** The Web Lock that keeps the tabs of one browser from refreshing with the same cookie at once. */
export const REFRESH_LOCK = 'todo.auth.refresh';

export const NETWORK_MESSAGE = "Can't reach the server. Check your connection and try again.";

async function readBody(response) {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null; // an HTML error page from a proxy, for instance: never shown raw
  }
}

/**
 * @param {object} options
 * @param {Function} options.fetch        the fetch implementation (window.fetch in the browser, a fake in tests)
 * @param {object}   options.session      { token, save(auth), clear() }
 * @param {string}  [options.basePath]    '/api' behind nginx
 * @param {Function}[options.onSessionEnded] called with an ApiError when the session is over
 * @param {object}  [options.locks]       the Web Locks API (navigator.locks), null where the browser has none
 */
export function createApi({
  fetch,
  session,
  basePath = '/api',
  onSessionEnded = () => {},
  locks = globalThis.navigator?.locks ?? null,
}) {
  let refreshing = null; // one refresh at a time, shared by concurrent callers

  async function send(method, path, { body, auth = true, accept, headers: extra, signal, stream = false } = {}) {
    const headers = { Accept: accept || 'application/json, application/problem+json', ...extra };
    // JSON on every write, even a bodyless POST (refresh, logout), as the API expects from its GUI
    if (body !== undefined || method === 'POST') headers['Content-Type'] = 'application/json';
    if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
    let response;
    try {
      response = await fetch(basePath + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch {
      throw new ApiError(NETWORK_MESSAGE, { status: 0, code: 'network_error' });
    }
    if (stream && response.ok) return response; // the caller reads the body as it arrives
    const data = await readBody(response);
    if (!response.ok) throw toApiError(response.status, data, response.headers);
    return data;
  }

  function endSession(cause) {
    const error = new ApiError(
      cause && cause.code === 'token_revoked'
        ? 'You were signed out. Please sign in again.'
        : 'Your session has ended. Please sign in again.',
      { status: 401, code: SESSION_ENDED },
    );
    session.clear();
    onSessionEnded(error);
    return error;
  }

  /**
   * POST /auth/refresh with the HttpOnly cookie; stores the new access token. One refresh at a time in this tab,
   * and, where the browser has Web Locks, one at a time across the tabs of this browser: tabs opened from one
   * another share a login and its one-use refresh cookie, and two refreshes sending the same cookie at once would
   * look like a stolen token being reused (the edge then revokes the whole login). One after the other, each sends
   * the cookie the previous one rotated.
   */
  function refresh() {
    if (!refreshing) {
      const run = () => send('POST', '/auth/refresh', { auth: false });
      refreshing = (locks ? locks.request(REFRESH_LOCK, run) : run())
        .then((auth) => {
          session.save(auth);
          return auth;
        })
        .finally(() => {
          refreshing = null;
        });
    }
    return refreshing;
  }

  /**
   * Gets a new access token after the one in `usedToken` stopped working: nothing to do when another call has
   * replaced it meanwhile, otherwise one refresh. A refused refresh ends the session (and is thrown as such); a
   * network failure, 429 or 5xx is thrown as it is, since the session may still be fine.
   */
  async function renew(usedToken) {
    // signed out meanwhile (this tab's sign-out, or a session ended elsewhere): no refresh brings it back
    if (!session.token) throw new ApiError(messageForStatus(401), { status: 401, code: SESSION_ENDED });
    if (session.token !== usedToken) return;
    try {
      await refresh();
    } catch (refreshError) {
      if (refreshError.status === 401 || refreshError.status === 400) throw endSession(refreshError);
      throw refreshError;
    }
  }

  /** An authenticated call: refresh once and retry on token_expired; any other 401 ends the session. */
  async function authed(method, path, options = {}) {
    if (!session.token) throw endSession(null);
    const usedToken = session.token;
    try {
      return await send(method, path, options);
    } catch (error) {
      if (error.status !== 401) throw error;
      if (error.code !== 'token_expired') throw endSession(error);
      await renew(usedToken);
      try {
        return await send(method, path, options);
      } catch (retryError) {
        if (retryError.status === 401) throw endSession(retryError);
        throw retryError;
      }
    }
  }

  const enc = encodeURIComponent;

  return {
    refresh,
    renew,
    async register(email, password) {
      return send('POST', '/auth/register', { body: { email, password }, auth: false });
    },
    async login(email, password) {
      const auth = await send('POST', '/auth/login', { body: { email, password }, auth: false });
      session.save(auth);
      return auth;
    },
    /**
     * Revokes the tokens on the server (refreshing first if the access token has expired, so the refresh token
     * is revoked too). The local session is cleared whatever the server says; a failure other than 401 is
     * rethrown so the page can say the server was not reached.
     */
    async logout() {
      if (session.token) {
        try {
          await send('POST', '/auth/logout');
        } catch (error) {
          if (error.status === 401 && error.code === 'token_expired') {
            try {
              await refresh();
              await send('POST', '/auth/logout');
            } catch {
              // the session is over either way
            }
          } else if (error.status !== 401) {
            session.clear();
            throw error;
          }
        }
      }
      session.clear();
    },
    listTasks() {
      return authed('GET', '/tasks');
    },
    createTask(title) {
      return authed('POST', '/tasks', { body: { title } });
    },
    /** The changes are `{ completed }`, `{ title }` or both; a member left undefined is not sent. */
    updateTask(id, { title, completed }) {
      return authed('PATCH', `/tasks/${enc(id)}`, { body: { title, completed } });
    },
    deleteTask(id) {
      return authed('DELETE', `/tasks/${enc(id)}`);
    },
    /** completed: true removes the completed ones, undefined removes all. */
    deleteTasks({ completed } = {}) {
      const query = completed === undefined ? '' : `?completed=${completed ? 'true' : 'false'}`;
      return authed('DELETE', `/tasks${query}`);
    },

    /**
     * Opens the live event stream: resolves to the Response (status 200, text/event-stream) whose body the caller
     * reads, with the token it was opened with (to renew it when the stream ends). Failures are ApiErrors as for
     * every call (503 with `retryAfter` while the notifications are unavailable).
     */
    async events({ lastEventId = '', signal } = {}) {
      const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
      // problem JSON stays acceptable, so that a refusal (401, 503) can still say why
      const accept = 'text/event-stream, application/problem+json';
      const response = await authed('GET', '/events', { accept, headers, signal, stream: true });
      const type = (response.headers.get('Content-Type') || '').toLowerCase();
      if (!type.startsWith('text/event-stream') || !response.body) {
        try {
          await response.body?.cancel();
        } catch {
          // nothing to release
        }
        throw new ApiError('Live updates are not available.', { status: response.status, code: 'not_an_event_stream' });
      }
      return { response, token: session.token };
    },
    /** The newest notifications first; `before` pages back from an id. */
    listNotifications({ limit, before } = {}) {
      const query = new URLSearchParams();
      if (limit !== undefined) query.set('limit', String(limit));
      if (before !== undefined) query.set('before', before);
      const text = query.toString();
      return authed('GET', `/notifications${text ? `?${text}` : ''}`);
    },
    unreadCount() {
      return authed('GET', '/notifications/unread-count');
    },
    /** Marks the notification with this id and every older one as read. */
    markRead(upTo) {
      return authed('POST', '/notifications/read', { body: { up_to: upTo } });
    },
  };
}
