// Which Delete clicks and Enter presses to act on. Deleting is optimistic: the row leaves at once and the next row
// slides under the pointer, so the second click of a double-click (or a quick second click) would delete a task the
// user never pointed at. No DOM here: the page passes each click's row id, `event.detail` and time.

/** How long after a Delete click a Delete click on another row is taken as part of the same gesture. */
export const DELETE_REPEAT_MS = 500;

/** @param {object} [options] { now: () => milliseconds } (a fake clock in tests) */
export function createDeleteGuard({ now = () => Date.now() } = {}) {
  let last = null; // { id, at } of the previous Delete click acted on or not

  return {
    /** True when this Delete click (row id, the click's `detail`: 2 and up inside a double-click) should delete. */
    accept(id, detail = 1) {
      const at = now();
      const previous = last;
      last = { id, at };
      if (detail > 1) return false; // the second (third…) click of a multi-click: the first one deleted
      return !(previous && previous.id !== id && at - previous.at < DELETE_REPEAT_MS);
    },
  };
}

/**
 * How soon after Enter saved or added something a second Enter is taken as the same press doubled: the box it
 * filled is empty by then ("Type a title" would blame the user) and focus may be on the Edit button of the task just
 * saved (which would open its editor again).
 */
export const ENTER_REPEAT_MS = 500;

/** True when an action at `at` (milliseconds) follows the one at `previousAt` within ENTER_REPEAT_MS. */
export function isDoubledPress(previousAt, at) {
  return at >= previousAt && at - previousAt < ENTER_REPEAT_MS;
}
