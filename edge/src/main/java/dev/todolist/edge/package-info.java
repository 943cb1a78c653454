/** The edge: the platform's only public entry. */
@NullMarked
package dev.todolist.edge;

import org.jspecify.annotations.NullMarked;
