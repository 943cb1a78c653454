/** todo-core, the task service: its application class, startup diagnostics and the shared clock. */
@NullMarked
package dev.todolist.todo;

import org.jspecify.annotations.NullMarked;
