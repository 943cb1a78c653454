package dev.todolist.edge.notification;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.todolist.http.ApiException;
import dev.todolist.http.QueryParameters;
import reactor.core.publisher.Mono;

/**
 * {@code GET /notifications}, {@code GET /notifications/unread-count} and {@code POST /notifications/read}, as the
 * contract says: the caller's own feed only (the user id is the access token's subject, nothing the client sends).
 * A query value or body the notifier could never accept is refused here, so it is a 400 also while the notifier is
 * down.
 */
@RestController
class NotificationController {

    static final int DEFAULT_LIMIT = 50;

    static final int MAX_LIMIT = 200;

    static final String BAD_LIMIT = "limit must be an integer from 1 to " + MAX_LIMIT + ".";

    static final String BAD_BEFORE = "before must be a notification id.";

    static final String BAD_UP_TO = "up_to must be a notification id.";

    private final NotifierClient notifier;

    NotificationController(NotifierClient notifier) {
        this.notifier = notifier;
    }

    @GetMapping(path = "/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<NotificationView>> list(@AuthenticationPrincipal Jwt token, ServerHttpRequest request) {
        QueryParameters query = QueryParameters.of(request);
        int pageSize = limit(query.value("limit"));
        String before = query.value("before");
        if (before != null && !NotificationIds.plausible(before)) {
            return Mono.error(invalid(BAD_BEFORE));
        }
        return notifier.feed(userId(token), pageSize, before, BAD_BEFORE)
            .map(page -> page.stream().map(NotificationView::of).toList());
    }

    @GetMapping(path = "/notifications/unread-count", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Long>> unreadCount(@AuthenticationPrincipal Jwt token) {
        return notifier.unreadCount(userId(token)).map(unread -> Map.of("unread", unread));
    }

    @PostMapping("/notifications/read")
    Mono<ResponseEntity<Void>> markRead(@AuthenticationPrincipal Jwt token, @RequestBody MarkRead body) {
        String upTo = body.upTo();
        if (upTo == null || !NotificationIds.plausible(upTo)) {
            return Mono.error(invalid(BAD_UP_TO));
        }
        return notifier.markRead(userId(token), upTo, BAD_UP_TO).thenReturn(ResponseEntity.noContent().build());
    }

    record MarkRead(@JsonProperty("up_to") @Nullable String upTo) {
    }

    private static int limit(@Nullable String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(limit);
        }
        catch (NumberFormatException ex) {
            throw invalid(BAD_LIMIT);
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw invalid(BAD_LIMIT);
        }
        return value;
    }


    private static long userId(Jwt token) {
        return Long.parseLong(token.getSubject());
    }

    private static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", detail);
    }
}
