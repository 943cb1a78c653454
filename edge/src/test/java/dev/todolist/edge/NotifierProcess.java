package dev.todolist.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.todolist.testsupport.TestDatabase;

/**
 * The real notifier, started from {@code ../notifier/target/notifier.jar} (the reactor builds it before the edge) as
 * a separate process on free ports, on a test class's database, and stopped after the class.
 * {@code -Dnotifier.jar=...} points at another jar.
 */
public final class NotifierProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;

    private final int grpcPort;

    private final int managementPort;

    private final Path log;

    private NotifierProcess(Process process, int grpcPort, int managementPort, Path log) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.managementPort = managementPort;
        this.log = log;
    }

    public static NotifierProcess start(TestDatabase db, Class<?> testClass) {
        Path jar = Path.of(System.getProperty("notifier.jar", "../notifier/target/notifier.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the notifier first: " + jar.toAbsolutePath()
                    + " is missing (./mvnw -pl notifier package, or ./mvnw verify from the root)");
        }
        int grpcPort = TodoCoreProcess.freePort();
        int managementPort = TodoCoreProcess.freePort();
        try {
            Path log = Files.createDirectories(Path.of("target", "notifier-logs"))
                .resolve(testClass.getSimpleName() + ".log");
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                    "-XX:TieredStopAtLevel=1", "-Dnotifier.test.owner=" + testClass.getName(), "-jar", jar.toString()));
            Map<String, String> env = builder.environment();
            env.put("NOTIFIER_GRPC_PORT", Integer.toString(grpcPort));
            env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
            env.put("MYSQL_HOST", db.host());
            env.put("MYSQL_PORT", Integer.toString(db.port()));
            env.put("MYSQL_DATABASE", db.name());
            env.put("MYSQL_USER", db.user());
            env.put("MYSQL_PASSWORD", db.password());
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            NotifierProcess notifier = new NotifierProcess(builder.start(), grpcPort, managementPort, log);
            notifier.awaitReady();
            return notifier;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start the notifier from " + jar, ex);
        }
    }

    /** {@code host:port} of its gRPC server, as {@code NOTIFIER_ADDR} takes it. */
    public String address() {
        return "127.0.0.1:" + grpcPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the notifier exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("the notifier is not ready after " + READY_TIMEOUT + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
