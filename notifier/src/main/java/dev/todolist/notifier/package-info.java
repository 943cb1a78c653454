/** The notifier's application and its start-up. */
@NullMarked
package dev.todolist.notifier;

import org.jspecify.annotations.NullMarked;
