/** Rate limits of the auth routes, per client and route, counted in Redis and shared by every edge instance. */
@NullMarked
package dev.todolist.edge.ratelimit;

import org.jspecify.annotations.NullMarked;
