package dev.todolist.migrations;

import java.util.stream.Collectors;

import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.jspecify.annotations.Nullable;

/**
 * Why the schema history does not match the scripts, in one line built from Flyway's {@link ValidateResult}: each
 * invalid migration's version, description, what is wrong and what to do. Flyway's exception says only "Migrations
 * have failed validation" in its first line, and its advice ("run repair") names a command the job does not have.
 */
final class InvalidMigrations {

    private InvalidMigrations() {
    }

    /** Empty when the result names no invalid migration (then the caller keeps Flyway's own message). */
    static String describe(ValidateResult result) {
        if (result.invalidMigrations == null) {
            return "";
        }
        return result.invalidMigrations.stream().map(InvalidMigrations::describe).collect(Collectors.joining("; "));
    }

    private static String describe(ValidateOutput invalid) {
        String migration = ApplyingLog.describe(invalid.version, invalid.description);
        String script = script(invalid.filepath);
        ErrorCode code = invalid.errorDetails == null ? null : invalid.errorDetails.errorCode;
        if (code == CoreErrorCode.FAILED_VERSIONED_MIGRATION || code == CoreErrorCode.FAILED_REPEATABLE_MIGRATION) {
            return migration + " failed before: remove what its script" + script
                    + " changed before it failed (MySQL cannot roll DDL back), then run the job once with "
                    + MigrationsProperties.REPAIR + "=true and again without it";
        }
        if (code == CoreErrorCode.CHECKSUM_MISMATCH || code == CoreErrorCode.DESCRIPTION_MISMATCH
                || code == CoreErrorCode.TYPE_MISMATCH) {
            return migration + ": its script" + script + " differs from the one applied (" + mismatch(code)
                    + "): restore the script as applied and put the change in a new migration, or, when the edit "
                    + "changes nothing in the schema, run the job once with " + MigrationsProperties.REPAIR
                    + "=true to accept it";
        }
        if (code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED
                || code == CoreErrorCode.APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED) {
            return migration + " is applied but this job has no script for it (a script removed or renamed)";
        }
        if (code == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED) {
            return migration + " has a script" + script
                    + " but was never applied, and the schema is past it: give the script a version above the "
                    + "applied ones";
        }
        String detail = invalid.errorDetails == null || invalid.errorDetails.errorMessage == null ? "invalid"
                : oneLine(invalid.errorDetails.errorMessage);
        return migration + ": " + detail;
    }

    private static String mismatch(ErrorCode code) {
        if (code == CoreErrorCode.CHECKSUM_MISMATCH) {
            return "checksum mismatch";
        }
        return code == CoreErrorCode.DESCRIPTION_MISMATCH ? "description mismatch" : "type mismatch";
    }

    /** " V4__outbox_traceparent.sql": the file's name, without the location (a path inside the image). */
    private static String script(@Nullable String filepath) {
        if (filepath == null || filepath.isBlank()) {
            return "";
        }
        int slash = Math.max(filepath.lastIndexOf('/'), filepath.lastIndexOf('\\'));
        return " " + filepath.substring(slash + 1);
    }

    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
