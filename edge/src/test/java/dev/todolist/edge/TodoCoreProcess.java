package dev.todolist.edge;

import java.util.Map;

import dev.todolist.testsupport.TestDatabase;

/** The real todo-core as a separate process on a free port (see {@link ServiceProcess}). */
public final class TodoCoreProcess implements AutoCloseable {

    private final ServiceProcess process;

    private final int port;

    private TodoCoreProcess(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static TodoCoreProcess start(TestDatabase db, String internalToken, Class<?> testClass) {
        int port = freePort();
        // its outbox relay publishes to a closed port: by default it would publish the tests' changes to whatever
        // listens on localhost:9090, a developer's running stack, whose users then saw them in their feeds
        Map<String, String> env = Map.of("TASK_SERVICE_PORT", Integer.toString(port), "SERVER_PORT",
                Integer.toString(port), "MANAGEMENT_PORT", "0", "INTERNAL_TOKEN", internalToken, "NOTIFIER_ADDR",
                "127.0.0.1:" + freePort());
        return new TodoCoreProcess(ServiceProcess.start("todo-core", "256m", db, env, port, testClass), port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }

    public static int freePort() {
        return ServiceProcess.freePort();
    }
}
