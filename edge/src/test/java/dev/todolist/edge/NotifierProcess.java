package dev.todolist.edge;

import java.util.Map;

import dev.todolist.testsupport.TestDatabase;

/** The real notifier as a separate process on free gRPC and management ports (see {@link ServiceProcess}). */
public final class NotifierProcess implements AutoCloseable {

    private final ServiceProcess process;

    private final int grpcPort;

    private NotifierProcess(ServiceProcess process, int grpcPort) {
        this.process = process;
        this.grpcPort = grpcPort;
    }

    public static NotifierProcess start(TestDatabase db, Class<?> testClass) {
        int grpcPort = ServiceProcess.freePort();
        int managementPort = ServiceProcess.freePort();
        Map<String, String> env = Map.of("NOTIFIER_GRPC_PORT", Integer.toString(grpcPort), "MANAGEMENT_PORT",
                Integer.toString(managementPort), "INTERNAL_TOKEN", TestTokens.INTERNAL_TOKEN);
        return new NotifierProcess(ServiceProcess.start("notifier", "128m", db, env, managementPort, testClass),
                grpcPort);
    }

    /** {@code host:port} of its gRPC server, as {@code NOTIFIER_ADDR} takes it. */
    public String address() {
        return "127.0.0.1:" + grpcPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    @Override
    public void close() {
        process.close();
    }
}
