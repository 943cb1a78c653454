// The message area: errors in a role="alert" region (they stay until dismissed or replaced), short confirmations
// in a role="status" region (they fade after a few seconds). Text only. An error that only says a service could not
// answer ("Can't reach the server.", a 503) goes as soon as that service answers a request made after it was shown
// (`answered`): the change it was about has been rolled back and can simply be made again, so the message would only
// mislead. An answer to a request made before it (under way while another failed) proves nothing, and leaves it.
// Nothing else may ask that service meanwhile (the live stream never broke when only todo-core was down), so while
// such an error shows, `recheck` is called to ask it again: after 5 s, then twice as long each time, up to 30 s.

export const RECHECK_MS = { first: 5000, max: 30000 };

export function createNotices({
  errorBox, errorText, errorClose, infoBox, infoText, timers = globalThis, now = () => performance.now(),
  recheck = null,
}) {
  let infoTimer = null;
  let unavailable = null; // the service the error on show says could not answer, if that is all it says
  let shownAt = 0;
  let recheckTimer = null;

  function stopRechecking() {
    if (recheckTimer) timers.clearTimeout(recheckTimer);
    recheckTimer = null;
  }

  function scheduleRecheck(delay) {
    stopRechecking();
    if (!recheck || !unavailable) return;
    recheckTimer = timers.setTimeout(() => {
      recheckTimer = null;
      if (errorBox.hidden || !unavailable) return;
      recheck(unavailable);
      scheduleRecheck(Math.min(delay * 2, RECHECK_MS.max));
    }, delay);
  }

  function hideError() {
    errorBox.hidden = true;
    errorText.textContent = '';
    unavailable = null;
    stopRechecking();
  }

  function hideInfo() {
    infoBox.hidden = true;
    infoText.textContent = '';
    if (infoTimer) timers.clearTimeout(infoTimer);
    infoTimer = null;
  }

  errorClose.addEventListener('click', hideError);

  return {
    /**
     * `unavailable`: the error only says that this service could not answer ('tasks', 'notifications', or 'server'
     * when nothing answered at all); it is hidden when that service answers again, which `recheck` asks meanwhile.
     */
    error(message, { unavailable: service = null } = {}) {
      hideInfo();
      errorText.textContent = message;
      errorBox.hidden = false;
      unavailable = service;
      shownAt = now();
      scheduleRecheck(RECHECK_MS.first);
    },
    info(message, ms = 4000) {
      infoText.textContent = message;
      infoBox.hidden = false;
      if (infoTimer) timers.clearTimeout(infoTimer);
      infoTimer = timers.setTimeout(hideInfo, ms);
    },
    show(message, kind = 'error', options = {}) {
      if (kind === 'error') this.error(message, options);
      else this.info(message);
    },
    clear() {
      hideError();
      hideInfo();
    },
    /**
     * `service` answered a request made at `askedAt` (now() when omitted): hides an error shown before then that
     * said it (or the whole server) could not answer, and leaves any other.
     */
    answered(service, askedAt = now()) {
      if (errorBox.hidden || askedAt < shownAt) return;
      if (unavailable === service || unavailable === 'server') hideError();
    },
    /** The service the error on show says could not answer, or null (none shown, or another kind of error). */
    get unavailable() {
      return errorBox.hidden ? null : unavailable;
    },
    /** Hides the error if it is still this message (a hint that no longer applies), and leaves any other. */
    dismiss(message) {
      if (!errorBox.hidden && errorText.textContent === message) hideError();
    },
  };
}
