package dev.todolist.todo.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.ETag;

/** A task as clients see it; {@code ID} repeats {@code id} for the existing GUI; times ISO-8601 UTC. */
record TaskJson(long id, @JsonProperty("ID") long upperCaseId, String title, boolean completed,
        @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt) {

    private static final Base64.Encoder TAG = Base64.getUrlEncoder().withoutPadding();

    /**
     * Its strong entity tag: 128 bits of the SHA-256 of what it shows, so that equal representations have equal tags
     * and any change (an update touches {@code updated_at} too) another one.
     */
    ETag etag() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((id + "\n" + completed + "\n" + createdAt + "\n" + updatedAt + "\n" + title)
                .getBytes(StandardCharsets.UTF_8));
            return new ETag(TAG.encodeToString(Arrays.copyOf(sha256.digest(), 16)), false);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    static TaskJson of(Task task) {
        return new TaskJson(task.id(), task.id(), task.title(), task.completed(), format(task.createdAt()),
                format(task.updatedAt()));
    }

    private static String format(LocalDateTime utc) {
        return DateTimeFormatter.ISO_INSTANT.format(utc.toInstant(ZoneOffset.UTC));
    }
}
