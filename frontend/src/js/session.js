// The signed-in user for this tab: the access token and the email, kept in sessionStorage so a reload keeps the
// user signed in. The refresh token never appears here: it lives only in its HttpOnly cookie.

const KEY = 'todo.session';

export function createSession(storage) {
  let state = read();

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
    /** Stores a login/refresh answer: {access_token|token, user: {email}}. */
    save(auth) {
      const token = auth && (auth.access_token || auth.token);
      if (!token) return;
      const email = (auth.user && auth.user.email) || (state && state.email) || '';
      state = { token, email };
      write();
    },
    clear() {
      state = null;
      write();
    },
  };
}
