-- The notifier's feed: one row per published task event (issue 10). Owned by the notifier alone; no foreign key
-- to users or tasks, so the notifier can live in a database of its own.

CREATE TABLE notifications (
    -- The notification id (served zero-padded): grows in publish order, so per user in commit order as long as
    -- the relay publishes one user's events in their outbox order.
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    user_id     BIGINT       NOT NULL,
    -- The idempotency key: a second Publish of the same event stores nothing.
    event_id    VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- The outbox row id the event came from (increasing in commit order per user); kept for tracing.
    sequence    BIGINT       NOT NULL,
    type        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    task_id     BIGINT       NULL,
    title       VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    completed   BOOLEAN      NULL,
    -- what a task.updated changed, comma-separated ("title", "completed", "title,completed"); empty otherwise
    changed     VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    count       INT          NULL,
    -- the commit time of the change, UTC
    at          DATETIME(6)  NOT NULL,
    -- the task as GET /tasks/{id} showed it after the change; NULL after a delete
    task_json   TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    is_read     BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id),
    CONSTRAINT uq_notifications_event_id UNIQUE (event_id),
    -- the feed newest first, its paging by id, mark-read up to an id
    INDEX idx_notifications_user_id_id (user_id, id),
    -- the unread count
    INDEX idx_notifications_user_id_is_read (user_id, is_read)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
