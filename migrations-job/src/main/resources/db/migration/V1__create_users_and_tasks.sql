-- Users and their tasks. Runs unchanged on MySQL 8.4 and MariaDB 10.11: the collations named here exist on both
-- (MySQL's default utf8mb4_0900_ai_ci does not exist on MariaDB).

CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    -- trimmed and lower-cased by the edge before it is stored; compared byte for byte
    email         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    password_hash VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME     NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE tasks (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    user_id    BIGINT       NOT NULL,
    title      VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    completed  BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at DATETIME     NOT NULL,
    updated_at DATETIME     NOT NULL,
    PRIMARY KEY (id),
    -- "this user's tasks, oldest first": ids grow with creation time, so (user_id, id) serves the listing,
    -- its completed filter and the foreign key
    INDEX idx_tasks_user_id_id (user_id, id),
    CONSTRAINT fk_tasks_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
