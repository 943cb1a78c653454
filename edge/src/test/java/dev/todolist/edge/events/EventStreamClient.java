package dev.todolist.edge.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

import dev.todolist.testsupport.openapi.ApiContract;
import dev.todolist.testsupport.openapi.RecordedExchange;

/**
 * An event stream of the edge, read as a browser's fetch reads it: the raw {@code text/event-stream} lines over
 * HTTP/1.1, parsed into events (comments included) on a thread of its own. {@link #close()} hangs up, then holds
 * the answer against the API document (status, headers, and every whole event read, or the problem JSON): a test
 * fails on a stream the document does not describe.
 */
final class EventStreamClient implements AutoCloseable {

    private static final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    /** A parsed event: a comment alone has only {@code comment} set. */
    record Event(@Nullable String id, @Nullable String event, @Nullable String data, @Nullable String retry,
            @Nullable String comment) {

        boolean isComment() {
            return comment != null && id == null && event == null && data == null;
        }
    }

    private static final Event END = new Event(null, null, null, null, "end of stream");

    private static final ApiContract contract = ApiContract.load();

    private final HttpRequest request;

    /** What was read, up to the end of the last whole event (a problem answer: its whole body). */
    private final StringBuilder read = new StringBuilder();

    private volatile int whole;

    final HttpResponse<InputStream> response;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private final Thread reader;

    private volatile boolean paused;

    private EventStreamClient(HttpRequest request, HttpResponse<InputStream> response) {
        this.request = request;
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens {@code /events} (with {@code Last-Event-ID} when given); the answer's status and headers are in. */
    static EventStreamClient open(int port, String token, @Nullable String lastEventId, String query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events" + query))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream, application/problem+json");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpRequest built = request.build();
        try {
            return new EventStreamClient(built, client.send(built, HttpResponse.BodyHandlers.ofInputStream()));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static EventStreamClient open(int port, String token) {
        return open(port, token, null, "");
    }

    int status() {
        return response.statusCode();
    }

    /** Stops reading (the client's buffers fill, then the server's); {@link #endsWithin} reads again. */
    void pause() {
        paused = true;
    }

    /** The next event that is not a comment, or null when none comes within {@code wait} or the stream ended. */
    @Nullable Event next(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            Event event = poll(deadline);
            if (event == null || event == END) {
                return null;
            }
            if (!event.isComment()) {
                return event;
            }
        }
    }

    /** The next event or comment within {@code wait}, or null. */
    @Nullable Event nextWithComments(Duration wait) {
        Event event = poll(System.nanoTime() + wait.toNanos());
        return event == END ? null : event;
    }

    /** Whether the stream ends (the server closes it) within {@code wait}, whatever else comes first. */
    boolean endsWithin(Duration wait) {
        paused = false;
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            Event event = poll(deadline);
            if (event == null) {
                return false;
            }
            if (event == END) {
                return true;
            }
        }
    }

    private @Nullable Event poll(long deadline) {
        try {
            return events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String[]> fields = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                while (paused) {
                    Thread.sleep(50);
                }
                read.append(line).append('\n');
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    String name = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    fields.add(new String[] { name, value });
                    continue;
                }
                String id = null, event = null, data = null, retry = null, comment = null;
                for (String[] field : fields) {
                    switch (field[0]) {
                        case "" -> comment = field[1];
                        case "id" -> id = field[1];
                        case "event" -> event = field[1];
                        case "data" -> data = data == null ? field[1] : data + "\n" + field[1];
                        case "retry" -> retry = field[1];
                        default -> {
                        }
                    }
                }
                fields.clear();
                whole = read.length();
                events.add(new Event(id, event, data, retry, comment));
            }
        }
        catch (IOException ex) {
            // hung up, or the server closed the connection
        }
        catch (InterruptedException ex) {
            // closed while paused
        }
        if (!isEventStream()) {
            whole = read.length();
        }
        events.add(END);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        }
        catch (IOException ex) {
            // closed already
        }
        reader.interrupt();
        try {
            reader.join(Duration.ofSeconds(5));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        checkAgainstTheDocument();
    }

    private void checkAgainstTheDocument() {
        HttpHeaders requestHeaders = new HttpHeaders();
        request.headers().map().forEach(requestHeaders::addAll);
        HttpHeaders responseHeaders = new HttpHeaders();
        response.headers().map().forEach(responseHeaders::addAll);
        URI uri = request.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] body = read.substring(0, whole).getBytes(StandardCharsets.UTF_8);
        contract.checkAsFarAsRead(new RecordedExchange(request.method(), target, requestHeaders, status(),
                responseHeaders, body));
    }

    private boolean isEventStream() {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
    }
}
