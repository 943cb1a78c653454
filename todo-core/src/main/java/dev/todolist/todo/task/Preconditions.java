package dev.todolist.todo.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.todolist.http.ApiException;
import dev.todolist.todo.web.HttpDates;

/**
 * A request's conditions on one task (RFC 9110, 13): {@code If-Match}, {@code If-Unmodified-Since} and
 * {@code If-None-Match}, evaluated in that order against the task's entity tag ({@link TaskJson#etag()}) and
 * {@code updated_at}. A write evaluates them against the task as its transaction reads it, before it changes it, so
 * that a client holding an older tag cannot overwrite a change it has not seen. An {@code If-Unmodified-Since} that is
 * not an HTTP date ({@link HttpDates}) is ignored (RFC 9110, 13.1.4). {@code If-Modified-Since} is not
 * evaluated (a task's time has whole seconds; {@code If-None-Match} says it exactly).
 */
record Preconditions(@Nullable Tags ifMatch, @Nullable Instant ifUnmodifiedSince, @Nullable Tags ifNoneMatch) {

    static final Preconditions NONE = new Preconditions(null, null, null);

    /** What a condition found. */
    enum Outcome {
        /** Go on (also when the request had no condition). */
        HOLDS,
        /** {@code If-None-Match} matched a read: {@code 304}. */
        NOT_MODIFIED
    }

    /** The request's conditions; {@link #NONE} when it has none that counts (a date that is none is ignored). */
    static Preconditions of(HttpHeaders headers) {
        Tags ifMatch = Tags.of(headers.get(HttpHeaders.IF_MATCH));
        Instant ifUnmodifiedSince = HttpDates.parse(headers.getFirst(HttpHeaders.IF_UNMODIFIED_SINCE));
        Tags ifNoneMatch = Tags.of(headers.get(HttpHeaders.IF_NONE_MATCH));
        return ifMatch == null && ifUnmodifiedSince == null && ifNoneMatch == null ? NONE
                : new Preconditions(ifMatch, ifUnmodifiedSince, ifNoneMatch);
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
            if (!ifMatch.match(tag)) {
                throw failed("If-Match", tag);
            }
        }
        else if (ifUnmodifiedSince != null && Instant.parse(current.updatedAt()).isAfter(ifUnmodifiedSince)) {
            throw failed("If-Unmodified-Since", tag);
        }
        if (ifNoneMatch != null && ifNoneMatch.match(tag)) {
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

    /**
     * What an {@code If-Match} or {@code If-None-Match} names: {@code *} alone (any), or a list of entity tags. A member
     * that is not an entity tag ({@code x*}, a tag followed by junk) matches nothing: a broken header never stands for
     * {@code *}.
     */
    record Tags(boolean any, List<ETag> tags) {

        private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"");

        static @Nullable Tags of(@Nullable List<String> values) {
            if (values == null) {
                return null;
            }
            if (values.size() == 1 && values.getFirst().strip().equals("*")) {
                return new Tags(true, List.of());
            }
            List<ETag> tags = new ArrayList<>();
            for (String value : values) {
                for (String member : members(value)) {
                    if (ENTITY_TAG.matcher(member).matches()) {
                        tags.add(ETag.create(member));
                    }
                }
            }
            return new Tags(false, tags);
        }

        /** Compared by value, weak or not. */
        boolean match(ETag current) {
            return any || tags.stream().anyMatch(tag -> tag.compare(current, false));
        }

        /** The members of a comma-separated list, a comma within quotes being part of its tag. */
        private static List<String> members(String value) {
            List<String> members = new ArrayList<>();
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted) {
                    members.add(value.substring(start, i).strip());
                    start = i + 1;
                }
            }
            members.add(value.substring(start).strip());
            return members;
        }
    }
}
