/**
 * The connections to MySQL: what todo-core changes in how Spring Boot's R2DBC pool and the r2dbc-mysql driver use
 * them (the pool's settings themselves are {@code spring.r2dbc.*} in {@code application.yaml}).
 */
@NullMarked
package dev.todolist.todo.database;

import org.jspecify.annotations.NullMarked;
