/** Whom todo-core answers: only the edge, proven by the internal credential, on behalf of the user it names. */
@NullMarked
package dev.todolist.todo.trust;

import org.jspecify.annotations.NullMarked;
