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
 * The real todo-core, started from {@code ../todo-core/target/todo-core.jar} (the reactor builds todo-core before
 * the edge) as a separate process on a free port, pointed at a test class's database, and stopped after the class.
 * {@code -Dtodo-core.jar=...} points at another jar.
 */
public final class TodoCoreProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;

    private final int port;

    private final Path log;

    private TodoCoreProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static TodoCoreProcess start(TestDatabase db, String internalToken, Class<?> testClass) {
        Path jar = Path.of(System.getProperty("todo-core.jar", "../todo-core/target/todo-core.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build todo-core first: " + jar.toAbsolutePath()
                    + " is missing (./mvnw -pl todo-core package, or ./mvnw verify from the root)");
        }
        int port = freePort();
        try {
            Path log = Files.createDirectories(Path.of("target", "todo-core-logs"))
                .resolve(testClass.getSimpleName() + ".log");
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-Dtodo.test.owner=" + testClass.getName(), "-jar", jar.toString()));
            Map<String, String> env = builder.environment();
            env.put("TASK_SERVICE_PORT", Integer.toString(port));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("MYSQL_HOST", db.host());
            env.put("MYSQL_PORT", Integer.toString(db.port()));
            env.put("MYSQL_DATABASE", db.name());
            env.put("MYSQL_USER", db.user());
            env.put("MYSQL_PASSWORD", db.password());
            env.put("INTERNAL_TOKEN", internalToken);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            TodoCoreProcess core = new TodoCoreProcess(builder.start(), port, log);
            core.awaitReady();
            return core;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start todo-core from " + jar, ex);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("todo-core exited with " + process.exitValue() + ":\n" + tail());
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
            sleep(200);
        }
        close();
        throw new IllegalStateException("todo-core not ready after " + READY_TIMEOUT + ":\n" + tail());
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
