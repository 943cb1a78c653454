/** Who may call the notifier: the edge and todo-core, with the platform's internal credential. */
@NullMarked
package dev.todolist.notifier.trust;

import org.jspecify.annotations.NullMarked;
