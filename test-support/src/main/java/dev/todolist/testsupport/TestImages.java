package dev.todolist.testsupport;

/** The image tags the tests use; docker/compose.yaml uses the same ones. */
public final class TestImages {

    public static final String MYSQL = "mysql:8.4";

    public static final String REDIS = "redis:7.4-alpine";

    private TestImages() {
    }
}
