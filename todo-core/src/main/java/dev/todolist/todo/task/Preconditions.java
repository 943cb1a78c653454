package dev.todolist.todo.task;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.todolist.http.ApiException;

/**
 * A request's conditions on one task (RFC 9110, 13): {@code If-Match}, {@code If-Unmodified-Since} and
 * {@code If-None-Match}, evaluated in that order against the task's entity tag ({@link TaskJson#etag()}) and
 * {@code updated_at}. A write evaluates them against the task as its transaction reads it, before it changes it, so
 * that a client holding an older tag cannot overwrite a change it has not seen. {@code If-Modified-Since} is not
 * evaluated (a task's time has whole seconds; {@code If-None-Match} says it exactly).
 */
record Preconditions(@Nullable List<ETag> ifMatch, @Nullable Instant ifUnmodifiedSince,
        @Nullable List<ETag> ifNoneMatch) {

    static final Preconditions NONE = new Preconditions(null, null, null);

    /** What a condition found. */
    enum Outcome {
        /** Go on (also when the request had no condition). */
        HOLDS,
        /** {@code If-None-Match} matched a read: {@code 304}. */
        NOT_MODIFIED
    }

    static Preconditions of(HttpHeaders headers) {
        String ifMatch = headers.getFirst(HttpHeaders.IF_MATCH);
        String ifNoneMatch = headers.getFirst(HttpHeaders.IF_NONE_MATCH);
        String ifUnmodifiedSince = headers.getFirst(HttpHeaders.IF_UNMODIFIED_SINCE);
        if (ifMatch == null && ifNoneMatch == null && ifUnmodifiedSince == null) {
            return NONE;
        }
        return new Preconditions(tags(headers, HttpHeaders.IF_MATCH), date(headers),
                tags(headers, HttpHeaders.IF_NONE_MATCH));
    }

    /**
     * For a request that reads ({@code GET}, {@code HEAD}: {@code read}) or changes the task as it is now; a
     * {@code 412 precondition_failed} {@link ApiException} when a condition is false (or, for a change, when
     * {@code If-None-Match} matches). A request about a task that does not exist never gets here: its {@code 404}
     * comes first (RFC 9110, 13.2.1).
     */
    Outcome evaluate(TaskJson current, boolean read) {
        if (this == NONE) {
            return Outcome.HOLDS;
        }
        ETag tag = current.etag();
        if (ifMatch != null) {
            // compared by value, weak or not (RFC 9110 asks for the strong comparison here): a proxy that compresses
            // the answer marks its tag weak (nginx's gzip, as the GUI's nginx does for a task over 512 bytes), and the
            // tag says what the task shows, not its bytes
            if (ifMatch.stream().noneMatch(candidate -> candidate.isWildcard() || candidate.compare(tag, false))) {
                throw failed("If-Match", tag);
            }
        }
        else if (ifUnmodifiedSince != null && Instant.parse(current.updatedAt()).isAfter(ifUnmodifiedSince)) {
            throw failed("If-Unmodified-Since", tag);
        }
        if (ifNoneMatch != null && ifNoneMatch.stream()
            .anyMatch(candidate -> candidate.isWildcard() || candidate.compare(tag, false))) {
            if (read) {
                return Outcome.NOT_MODIFIED;
            }
            throw failed("If-None-Match", tag);
        }
        return Outcome.HOLDS;
    }

    private static ApiException failed(String header, ETag current) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition_failed",
                "The task is not as " + header + " requires: it has changed (its ETag is now " + current.formattedTag()
                        + ").");
    }

    /** The entity tags a header names (none if it names nothing that is one: then it matches nothing). */
    private static @Nullable List<ETag> tags(HttpHeaders headers, String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.stream().flatMap(value -> ETag.parse(value).stream()).toList();
    }

    /** An {@code If-Unmodified-Since} that is not an HTTP date is ignored (RFC 9110, 13.1.4). */
    private static @Nullable Instant date(HttpHeaders headers) {
        try {
            long millis = headers.getIfUnmodifiedSince();
            return millis < 0 ? null : Instant.ofEpochMilli(millis);
        }
        catch (IllegalArgumentException notADate) {
            return null;
        }
    }
}
