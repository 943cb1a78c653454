/**
 * What both services answer alike, whichever layer refuses a request: the one problem-JSON shape ({@link
 * dev.todolist.http.Problems}, written by the codecs through {@link dev.todolist.http.ProblemResponses}), strict
 * JSON and UTF-8 request bodies, and the {@link dev.todolist.http.RequestGuard} that answers in Netty's pipeline what
 * Reactor Netty would refuse with a bare status.
 */
@NullMarked
package dev.todolist.http;

import org.jspecify.annotations.NullMarked;
