/** The streaming reverse proxy: configured routes (path prefix to upstream) forwarded with WebClient. */
@NullMarked
package dev.todolist.edge.proxy;

import org.jspecify.annotations.NullMarked;
