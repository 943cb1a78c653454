/** The edge's one Redis client, the names of its keys, and its Lua scripts. */
@NullMarked
package dev.todolist.edge.redis;

import org.jspecify.annotations.NullMarked;
