// What the user typed and had not saved when the session ended (signed out here or in another tab, a login
// revoked, a refused renewal): the new-task box and the inline editor, including an add or a rename sent with a
// token that no longer worked. It is given back to the same user when they sign in again in this page, never to
// another. No DOM here: app.js says what the page held, and puts back what take() returns.

/**
 * @typedef {{ id: string, text: string, title: string, sent?: boolean }} Edit   `title`: the task's title before
 * @typedef {{ newTask: string, addSent: boolean, edit: Edit|null }} Typed
 */

export function createDrafts() {
  let kept = null; // { email, newTask, addSent, edit }
  const adds = new Set(); // titles of adds under way
  const renames = new Map(); // task id → the rename under way, { id, text, title }

  /** The newest of a set or map's values (the latest sent). */
  const latest = (values) => [...values].pop();
  /** Keeps `next`, or nothing when nothing is left in it. */
  const keepOrForget = (next) => {
    kept = next.newTask || next.edit ? next : null;
  };

  return {
    /** An add under way; `done(ok)` when it is answered (an add the server took is not given back). */
    sendingAdd(title) {
      adds.add(title);
      return (ok) => {
        adds.delete(title);
        if (ok && kept && kept.addSent && kept.newTask === title) keepOrForget({ ...kept, newTask: '', addSent: false });
      };
    },
    /** A rename under way; `done(ok)` when it is answered (a rename the server took is not given back). */
    sendingRename(id, text, title) {
      const edit = { id, text, title };
      renames.set(id, edit);
      return (ok) => {
        if (renames.get(id) === edit) renames.delete(id);
        if (ok && kept && kept.edit && kept.edit.id === id && kept.edit.text === text) keepOrForget({ ...kept, edit: null });
      };
    },

    /**
     * The session ended with the page holding `typed` (the new-task box's text, the open editor) for `email`: kept,
     * with any add or rename still under way (its token no longer works). What was kept before for the same user
     * stays unless replaced (the session can be said to end twice: another tab's sign-out, then this tab's 401).
     * Returns a sentence saying what comes back, or ''.
     */
    keep(email, { newTask = '', edit = null } = {}) {
      const same = kept && kept.email === email ? kept : null;
      const sentAdd = latest(adds.values());
      const sentEdit = latest(renames.values());
      const next = {
        email,
        newTask: newTask || sentAdd || (same ? same.newTask : ''),
        addSent: newTask ? false : sentAdd ? true : Boolean(same && same.addSent),
        edit: edit ? { ...edit, sent: false } : sentEdit ? { ...sentEdit, sent: true } : same ? same.edit : null,
      };
      if (!next.newTask && !next.edit) return '';
      kept = next;
      return keptNote(kept);
    },

    /** What `email` typed and had not saved (null if nothing, or it was someone else); forgotten either way. */
    take(email) {
      const typed = kept && kept.email === email ? kept : null;
      kept = null;
      return typed ? { newTask: typed.newTask, addSent: typed.addSent, edit: typed.edit } : null;
    },
  };
}

/** The sentence that goes with the sign-in form: what was not saved, and that it comes back. */
export function keptNote(typed) {
  if (!typed) return '';
  if (typed.edit && typed.edit.sent) {
    return `Your rename of “${typed.edit.title}” was not saved; it comes back when you sign in again.`;
  }
  if (typed.addSent && typed.newTask) return `“${typed.newTask}” was not added; it comes back when you sign in again.`;
  if (typed.edit || typed.newTask) return 'What you were typing comes back when you sign in again.';
  return '';
}

/**
 * What to do with a kept edit once the list has loaded: 'open' it with its text, 'saved' (the task already has that
 * title: the rename reached the server after all), 'gone' (the task was deleted meanwhile), or 'wait' (the list is
 * not loaded yet).
 */
export function editToRestore(edit, state) {
  if (!edit || state.status !== 'ready') return 'wait';
  const task = state.tasks.find((t) => t.id === edit.id);
  if (!task) return 'gone';
  return task.title === edit.text.trim() ? 'saved' : 'open';
}
