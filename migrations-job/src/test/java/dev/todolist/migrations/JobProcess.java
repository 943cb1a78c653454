package dev.todolist.migrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job run as the operator runs it: its own JVM ({@link MigrationsApplication#main}, {@code System.exit}) with
 * the given environment variables only (and PATH), so that what is under test is how the job reads the environment
 * and what it prints, not how a test passes arguments.
 */
final class JobProcess {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Its exit code and its output (stdout and stderr), line by line. */
    record Result(int exitCode, List<String> lines) {

        List<String> linesContaining(String text) {
            return lines.stream().filter(line -> line.contains(text)).toList();
        }
    }

    private JobProcess() {
    }

    static Result run(Map<String, String> environment) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), MigrationsApplication.class.getName());
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("migrations-job", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the job did not exit within " + TIMEOUT);
            }
            return new Result(process.exitValue(), Files.readAllLines(output, StandardCharsets.UTF_8));
        }
        finally {
            Files.delete(output);
        }
    }
}
