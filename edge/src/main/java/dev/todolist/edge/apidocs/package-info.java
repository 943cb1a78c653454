/**
 * The API document ({@code openapi/todo-platform.yaml}, hand-written, the one source) served as YAML and JSON, and
 * Swagger UI on it, where {@code API_DOCS_ENABLED}.
 */
@NullMarked
package dev.todolist.edge.apidocs;

import org.jspecify.annotations.NullMarked;
