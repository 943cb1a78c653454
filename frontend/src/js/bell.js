// The notifications menu in the top bar: a bell button with the unread count that discloses a panel with the
// recent feed and "Mark all read". DOM only, text only (textContent and attributes, never HTML strings).
//
// It is a disclosure (a button with aria-expanded controlling a region), not an ARIA menu: the panel holds a
// heading, a list and a button, which is what a disclosure is for. Opening moves the focus to the panel's heading
// (so a screen reader says where it is); Escape, a click outside, or the focus leaving the panel closes it, and
// Escape gives the focus back to the bell.

import { notificationSentence, timeLabel } from './feed.js';

const MAX_BADGE = 99;

/** The bell's accessible name: "Notifications" or "Notifications, 3 unread". */
export function bellLabel(unread) {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}

/**
 * Renders the bell and its panel from the feed's state.
 * refs: { root, button, badge, status, list, markRead }
 */
export function renderBell(doc, refs, state, now = Date.now()) {
  refs.root.hidden = state.supported !== true;
  const unread = state.unread ?? 0;
  refs.badge.textContent = unread > MAX_BADGE ? `${MAX_BADGE}+` : String(unread);
  refs.badge.hidden = unread === 0;
  refs.button.setAttribute('aria-label', bellLabel(unread));
  refs.button.classList.toggle('has-unread', unread > 0);

  let status = '';
  if (state.status === 'loading' && state.items.length === 0) status = 'Loading notifications…';
  else if (state.status === 'error') status = state.error;
  else if (state.status === 'ready' && state.items.length === 0) status = 'No notifications yet.';
  refs.status.textContent = status;
  refs.status.hidden = status === '';
  refs.status.classList.toggle('is-error', state.status === 'error');

  const items = state.items.map((n) => {
    const li = doc.createElement('li');
    li.className = n.read ? 'notification' : 'notification is-unread';
    li.dataset.id = n.id;
    const text = doc.createElement('p');
    text.className = 'notification-text';
    if (!n.read) {
      const marker = doc.createElement('span');
      marker.className = 'visually-hidden';
      marker.textContent = 'Unread: ';
      text.append(marker);
    }
    text.append(notificationSentence(n));
    li.append(text);
    const label = timeLabel(n.at, now);
    if (label) {
      const time = doc.createElement('time');
      time.className = 'notification-time';
      time.setAttribute('datetime', n.at);
      time.textContent = label;
      li.append(time);
    }
    return li;
  });
  for (const child of Array.from(refs.list.children)) child.remove();
  refs.list.append(...items);
  refs.list.hidden = items.length === 0;

  const anyUnread = unread > 0 || state.items.some((n) => !n.read);
  refs.markRead.disabled = state.marking || state.items.length === 0 || !anyUnread;
}

/**
 * Wires the bell button and its panel as a disclosure.
 * @returns {{ open(), close(options), readonly isOpen }}
 */
export function createDisclosure({ doc, button, panel, heading, onOpen = () => {} }) {
  let open = false;

  function show() {
    if (open) return;
    open = true;
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    onOpen();
    heading.focus();
  }

  function hide({ returnFocus = false } = {}) {
    if (!open) return;
    open = false;
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (returnFocus) button.focus();
  }

  const inside = (node) => Boolean(node) && (panel.contains(node) || button.contains(node));

  button.addEventListener('click', () => (open ? hide() : show()));
  const onKey = (event) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      hide({ returnFocus: true });
    }
  };
  button.addEventListener('keydown', onKey);
  panel.addEventListener('keydown', onKey);
  panel.addEventListener('focusout', (event) => {
    // a related target of null is a click on nothing focusable: the document click below decides that case
    if (open && event.relatedTarget && !inside(event.relatedTarget)) hide();
  });
  doc.addEventListener('click', (event) => {
    if (open && !inside(event.target)) hide();
  });

  return {
    open: show,
    close: hide,
    get isOpen() {
      return open;
    },
  };
}
