// The message area: errors in a role="alert" region (they stay until dismissed or replaced), short confirmations
// in a role="status" region (they fade after a few seconds). Text only.

export function createNotices({ errorBox, errorText, errorClose, infoBox, infoText, timers = globalThis }) {
  let infoTimer = null;

  function hideError() {
    errorBox.hidden = true;
    errorText.textContent = '';
  }

  function hideInfo() {
    infoBox.hidden = true;
    infoText.textContent = '';
    if (infoTimer) timers.clearTimeout(infoTimer);
    infoTimer = null;
  }

  errorClose.addEventListener('click', hideError);

  return {
    error(message) {
      hideInfo();
      errorText.textContent = message;
      errorBox.hidden = false;
    },
    info(message, ms = 4000) {
      infoText.textContent = message;
      infoBox.hidden = false;
      if (infoTimer) timers.clearTimeout(infoTimer);
      infoTimer = timers.setTimeout(hideInfo, ms);
    },
    show(message, kind = 'error') {
      if (kind === 'error') this.error(message);
      else this.info(message);
    },
    clear() {
      hideError();
      hideInfo();
    },
    /** Hides the error if it is still this message (a hint that no longer applies), and leaves any other. */
    dismiss(message) {
      if (!errorBox.hidden && errorText.textContent === message) hideError();
    },
  };
}
