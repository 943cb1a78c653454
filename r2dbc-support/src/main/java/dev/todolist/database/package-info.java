/**
 * The connections to MySQL: what the services change in how Spring Boot's R2DBC pool and the r2dbc-mysql driver use
 * them, applied by {@link dev.todolist.database.ReleasedWithoutPingAutoConfiguration} wherever the pool runs (the
 * pool's settings themselves are each service's {@code spring.r2dbc.*}); and health's {@code r2dbc} component,
 * answered within a bound ({@link dev.todolist.database.DatabaseHealthAutoConfiguration}).
 */
@NullMarked
package dev.todolist.database;

import org.jspecify.annotations.NullMarked;
