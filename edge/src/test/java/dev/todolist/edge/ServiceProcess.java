package dev.todolist.edge;

import java.io.IOException;
import java.net.ServerSocket;
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
 * A service of this build started from {@code ../MODULE/target/MODULE.jar} (the reactor builds it before the edge)
 * as a separate process, pointed at a test class's database, ready once its readiness probe answers 200, and
 * stopped after the class. {@code -DMODULE.jar=...} points at another jar. Its output goes to
 * {@code target/MODULE-logs/<test class>.log}, whose tail a failure to start reports.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String module;

    private final Process process;

    private final Path log;

    private ServiceProcess(String module, Process process, Path log) {
        this.module = module;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the module's jar with a heap of {@code maxHeap}, the database's settings and {@code env}, and waits
     * until {@code http://127.0.0.1:<readinessPort>/actuator/health/readiness} answers 200.
     */
    static ServiceProcess start(String module, String maxHeap, TestDatabase db, Map<String, String> env,
            int readinessPort, Class<?> testClass) {
        Path jar = Path.of(System.getProperty(module + ".jar", "../" + module + "/target/" + module + ".jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build " + module + " first: " + jar.toAbsolutePath()
                    + " is missing (./mvnw -pl " + module + " package, or ./mvnw verify from the root)");
        }
        try {
            Path log = Files.createDirectories(Path.of("target", module + "-logs"))
                .resolve(testClass.getSimpleName() + ".log");
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-D" + module + ".test.owner=" + testClass.getName(),
                    "-jar", jar.toString()));
            Map<String, String> environment = builder.environment();
            environment.put("MYSQL_HOST", db.host());
            environment.put("MYSQL_PORT", Integer.toString(db.port()));
            environment.put("MYSQL_DATABASE", db.name());
            environment.put("MYSQL_USER", db.user());
            environment.put("MYSQL_PASSWORD", db.password());
            environment.putAll(env);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            ServiceProcess service = new ServiceProcess(module, builder.start(), log);
            service.awaitReady(URI.create("http://127.0.0.1:" + readinessPort + "/actuator/health/readiness"));
            return service;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start " + module + " from " + jar, ex);
        }
    }

    private void awaitReady(URI readiness) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + tail());
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
        throw new IllegalStateException(module + " not ready after " + READY_TIMEOUT + ":\n" + tail());
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

    /** A port nothing listens on right now (also a closed port for tests of an unreachable upstream). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
