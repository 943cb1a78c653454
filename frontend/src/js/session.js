// The signed-in user for this tab: the access token and the email, kept in sessionStorage so a reload keeps the
// user signed in. The refresh token never appears here: it lives only in its HttpOnly cookie.
//
// Shared by the tabs of the browser (localStorage): a hint that this browser is signed in, the email and nothing
// secret. A new tab that finds it signs in silently with the refresh cookie; a tab that sees it removed (the
// 'storage' event) knows the user signed out in another tab. Without it no tab spends a refresh on a visitor who
// never signed in.

const KEY = 'todo.session';
export const HINT_KEY = 'todo.signedIn';

/**
 * @param {Storage} storage        this tab's (sessionStorage)
 * @param {Storage} [shared]       the browser's (localStorage), for the signed-in hint
 */
export function createSession(storage, shared = null) {
  let state = read();
  // kept after clear(): a sign-in form shown because the session ended can offer it, so only the password is asked
  let lastEmail = state ? state.email : '';

  function read() {
    try {
      const raw = storage && storage.getItem(KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed.token === 'string' && parsed.token) {
        return { token: parsed.token, email: typeof parsed.email === 'string' ? parsed.email : '' };
      }
    } catch {
      // unreadable or blocked storage: treat as signed out
    }
    return null;
  }

  function write() {
    try {
      if (state) storage.setItem(KEY, JSON.stringify(state));
      else storage.removeItem(KEY);
    } catch {
      // storage full or blocked: the session still works in memory for this page
    }
    try {
      if (!shared) return;
      // the email only (never a token): other tabs may read it, and it outlives this tab
      if (state) shared.setItem(HINT_KEY, state.email || '?');
      else shared.removeItem(HINT_KEY);
    } catch {
      // blocked: new tabs ask to sign in, as before
    }
  }

  return {
    get token() {
      return state ? state.token : null;
    },
    get email() {
      return state ? state.email : '';
    },
    get signedIn() {
      return state !== null;
    },
    /** The email of this tab's latest user, signed in or not any more ('' when nobody signed in here). */
    get lastEmail() {
      return lastEmail;
    },
    /** Whether some tab of this browser signed in and nobody signed out since (the refresh cookie may work). */
    get hinted() {
      try {
        return Boolean(shared && shared.getItem(HINT_KEY));
      } catch {
        return false;
      }
    },
    /** The email the hint names ('' without one), for a sign-in form the silent sign-in could not spare. */
    get hintEmail() {
      try {
        const email = shared ? shared.getItem(HINT_KEY) : '';
        return email && email !== '?' ? email : '';
      } catch {
        return '';
      }
    },
    /** Forgets the hint without touching this tab's session (a silent sign-in the server refused). */
    forgetHint() {
      try {
        if (shared) shared.removeItem(HINT_KEY);
      } catch {
        // nothing to forget
      }
    },
    /** Stores a login/refresh answer: {access_token|token, user: {email}}. */
    save(auth) {
      const token = auth && (auth.access_token || auth.token);
      if (!token) return;
      const email = (auth.user && auth.user.email) || (state && state.email) || '';
      state = { token, email };
      if (email) lastEmail = email;
      write();
    },
    clear() {
      state = null;
      write();
    },
  };
}

/** Delays between silent sign-ins tried again after a failure that was no refusal: 5 s, doubled, up to 30 s. */
export const SILENT_RETRY_MS = { first: 5000, max: 30000 };

/**
 * What a new tab does when its silent sign-in (the refresh cookie) failed: null when the server refused the cookie
 * (400, 401: the form, with no error); otherwise the sentence to show above the form and when to try again, since
 * the login may be fine and only the server away (nothing answered, 429, 5xx). `attempt`: failures so far, from 0.
 */
export function silentSignInFailure(error, attempt = 0) {
  const status = error && typeof error.status === 'number' ? error.status : 0;
  if (status === 400 || status === 401) return null;
  const cause = status === 0 ? "Can't reach the server" : status === 429 ? 'The server is busy' : 'The service is unavailable right now';
  const backoff = Math.min(SILENT_RETRY_MS.first * 2 ** attempt, SILENT_RETRY_MS.max);
  const retryAfter = error && error.retryAfter > 0 ? error.retryAfter * 1000 : 0;
  return {
    message: `${cause}, so you could not be signed in. This page tries again by itself, or sign in below.`,
    retryMs: Math.max(backoff, retryAfter),
  };
}
