package dev.todolist.todo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** One line that tells an operator where the service listens and which database it uses. */
@Component
class StartupLog {

    private static final Logger log = LoggerFactory.getLogger(StartupLog.class);

    private final String database;

    StartupLog(@Value("${spring.r2dbc.url}") String url) {
        String withoutScheme = url.replaceFirst("^r2dbc:[a-z:]+//", "");
        int query = withoutScheme.indexOf('?');
        this.database = query < 0 ? withoutScheme : withoutScheme.substring(0, query);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        log.info("todo-core ready on port {}, database {}", port, database);
    }
}
