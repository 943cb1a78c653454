/** Tasks: the HTTP mapping, the rules of ownership and validation, and the repository over the tasks table. */
@NullMarked
package dev.todolist.todo.task;

import org.jspecify.annotations.NullMarked;
