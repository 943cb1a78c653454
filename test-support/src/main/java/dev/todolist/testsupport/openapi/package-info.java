/**
 * The public API's OpenAPI document held against real answers: {@link dev.todolist.testsupport.openapi.ApiContract}
 * checks every answer a test receives, {@link dev.todolist.testsupport.openapi.RouteCoverage} finds the routes a
 * server answers on that the document lacks.
 */
@NullMarked
package dev.todolist.testsupport.openapi;

import org.jspecify.annotations.NullMarked;
