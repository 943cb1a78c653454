/** Cross-cutting HTTP concerns of the edge: problem JSON for every error, CORS and the health route. */
@NullMarked
package dev.todolist.edge.web;

import org.jspecify.annotations.NullMarked;
