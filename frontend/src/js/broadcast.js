// Tells the other tabs of this browser that the user read their notifications ("Mark all read"). The server sends
// no live event for it, so without this their unread count stays stale until they are shown again. A
// BroadcastChannel reaches only this origin's tabs in this browser; where there is none, nothing is sent and each
// tab keeps its own count, as before. Per user: a message names the signed-in email, and a tab signed in as
// someone else (or signed out) ignores it.

export const READ_CHANNEL = 'todo.notifications';
const READ = 'notifications.read';

function openChannel(Channel) {
  if (typeof Channel !== 'function') return null;
  try {
    return new Channel(READ_CHANNEL);
  } catch {
    return null; // (refused, e.g. on an opaque origin) the same as a browser without it
  }
}

/**
 * @param {object}   options
 * @param {Function} options.user       returns the signed-in user's email, '' when nobody is signed in
 * @param {Function} options.onRead     called when another tab of the same user has read the notifications
 * @param {Function}[options.Channel]   the BroadcastChannel constructor (absent: a no-op)
 */
export function createReadBroadcast({ user, onRead, Channel = globalThis.BroadcastChannel }) {
  let channel = openChannel(Channel);

  if (channel) {
    channel.onmessage = (event) => {
      const data = event && event.data;
      const me = user();
      if (data && data.type === READ && me && data.user === me) onRead();
    };
  }

  return {
    /** After a successful "Mark all read" in this tab (the channel does not deliver to its sender). */
    announce() {
      const me = user();
      if (!channel || !me) return;
      try {
        channel.postMessage({ type: READ, user: me });
      } catch {
        // closed meanwhile: the other tabs learn it when they are shown again
      }
    },
    close() {
      if (channel) channel.close();
      channel = null;
    },
  };
}
