-- todo-core's transactional outbox: one row per committed change of a task, written in the same transaction as
-- the change, published to the notifier by the relay (todo-core's `outbox` package). Runs on MySQL 8.4 and
-- MariaDB 10.11 (both have FOR UPDATE SKIP LOCKED).
--
-- id orders a user's events by commit: every writing transaction first locks its user's row in `users`, so two
-- changes of one user never overlap and the later one always gets the larger id.

CREATE TABLE task_outbox (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    -- the notifier's idempotency key (a UUID): a repeated publish of the same event changes nothing there
    event_id        CHAR(36)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- no foreign key: the events of a deleted account are still delivered (or dropped by the notifier)
    user_id         BIGINT       NOT NULL,
    type            VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- the event as JSON (the fields of notifier.v1.TaskEvent)
    payload         TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    -- PENDING until published (SENT) or given up (PARKED)
    state           VARCHAR(8)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'PENDING',
    -- publishing attempts that failed while the notifier was otherwise healthy
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)  NOT NULL,
    -- the relay instance that holds the row, and until when (a crashed relay's claim expires)
    lease_owner     VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NULL,
    lease_until     DATETIME(6)  NULL,
    sent_at         DATETIME(6)  NULL,
    last_error      VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_task_outbox_event_id UNIQUE (event_id),
    -- the relay's claim: pending rows, oldest first
    INDEX idx_task_outbox_state_id (state, id),
    -- a user's pending rows (the head of each user's queue)
    INDEX idx_task_outbox_user_state_id (user_id, state, id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
