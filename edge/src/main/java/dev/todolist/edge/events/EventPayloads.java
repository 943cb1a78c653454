package dev.todolist.edge.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import dev.todolist.edge.notification.NotificationView;
import dev.todolist.notifier.v1.Notification;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notification as the contract's SSE event: {@code id:} the notification id, {@code event:} its type,
 * {@code data:} {@code {"notification": <as GET /notifications lists it>, "task": <the task as GET /tasks/{id}
 * shows it, or null>}}.
 */
@Component
class EventPayloads {

    private static final Logger log = LoggerFactory.getLogger(EventPayloads.class);

    private final JsonMapper json;

    EventPayloads(JsonMapper json) {
        this.json = json;
    }

    ServerSentEvent<String> event(Notification notification) {
        ObjectNode data = json.createObjectNode();
        data.set("notification", json.valueToTree(NotificationView.of(notification)));
        data.set("task", task(notification));
        return ServerSentEvent.builder(json.writeValueAsString(data))
            .id(notification.getId())
            .event(notification.getType())
            .build();
    }

    private JsonNode task(Notification notification) {
        if (!notification.hasTaskJson()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(notification.getTaskJson());
        }
        catch (JacksonException ex) {
            log.warn("Notification {} carries a task that is not JSON; its event says task: null", notification.getId());
            return NullNode.getInstance();
        }
    }
}
