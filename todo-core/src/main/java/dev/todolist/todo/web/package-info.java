/** Cross-cutting HTTP concerns of todo-core: problem JSON for every error, the request limits, id parsing. */
@NullMarked
package dev.todolist.todo.web;

import org.jspecify.annotations.NullMarked;
