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
        Map<String, String> env = Map.of("TASK_SERVICE_PORT", Integer.toString(port), "SERVER_PORT",
                Integer.toString(port), "MANAGEMENT_PORT", "0", "INTERNAL_TOKEN", internalToken);
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
