/** The feed: storing published task events once, reading them back per user, and following them live. */
@NullMarked
package dev.todolist.notifier.feed;

import org.jspecify.annotations.NullMarked;
