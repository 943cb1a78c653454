package dev.todolist.todo.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.todolist.http.HttpSupportConfiguration;

/**
 * todo-core reads and answers JSON like the edge: strict JSON and UTF-8 bodies up to {@code MAX_REQUEST_BODY}, the
 * one problem shape written by the codecs, and the request guard in front of Reactor Netty.
 */
@Configuration(proxyBeanMethods = false)
@Import(HttpSupportConfiguration.class)
class HttpConfiguration {
}
