/** The migrations job: waits for the database, runs Flyway's migrations once, and exits with a status that says how it went. */
@NullMarked
package dev.todolist.migrations;

import org.jspecify.annotations.NullMarked;
