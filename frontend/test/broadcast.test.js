import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createReadBroadcast } from '../src/js/broadcast.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A tab: who is signed in there, and how often it was told to reload its unread count. */
function tab(email, options = {}) {
  const t = { email, reloads: 0 };
  t.broadcast = createReadBroadcast({ user: () => t.email, onRead: () => { t.reloads += 1; }, ...options });
  return t;
}

it("tells the other tabs of the same user that the notifications were read, and no one else's", async () => {
  const here = tab('ada@example.com');
  const sameUser = tab('ada@example.com');
  const otherUser = tab('bob@example.com');
  const signedOut = tab('');
  try {
    here.broadcast.announce();
    await settle();
    assert.equal(sameUser.reloads, 1, 'a tab of the same user reloads its count');
    assert.equal(otherUser.reloads, 0, 'a tab of another user ignores it');
    assert.equal(signedOut.reloads, 0, 'a signed-out tab ignores it');
    assert.equal(here.reloads, 0, 'the sender knows already');

    signedOut.broadcast.announce(); // nobody signed in there: nothing to tell
    await settle();
    assert.equal(sameUser.reloads + otherUser.reloads + here.reloads, 1);
  } finally {
    for (const t of [here, sameUser, otherUser, signedOut]) t.broadcast.close();
  }
});

it('does nothing where the browser has no BroadcastChannel, or refuses one', () => {
  const without = tab('ada@example.com', { Channel: null });
  assert.doesNotThrow(() => without.broadcast.announce());
  const refused = tab('ada@example.com', { Channel: function Refused() { throw new Error('SecurityError'); } });
  assert.doesNotThrow(() => refused.broadcast.announce());
  without.broadcast.close();
  refused.broadcast.close();
});
