-- The W3C traceparent of the request that wrote an outbox row (todo-core's TraceLinks): the relay's publish
-- continues that trace, so a request's trace shows the notification that followed. NULL when the request was not
-- traced. 55 characters: version, trace id, span id and flags of the W3C format.
ALTER TABLE task_outbox
    ADD COLUMN traceparent VARCHAR(55) CHARACTER SET ascii COLLATE ascii_bin NULL;
