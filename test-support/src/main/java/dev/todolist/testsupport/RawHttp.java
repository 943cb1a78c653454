package dev.todolist.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;

import dev.todolist.testsupport.openapi.RecordedExchange;

/**
 * HTTP/1.1 over a raw socket, for requests no HTTP client would send (malformed targets, overlong lines, control
 * characters, stalled bodies): the request text is written as it is, and the answer read until the server closes
 * the connection, as a server does after refusing such a request.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static Response send(int port, String request) throws IOException {
        return Response.parse(exchange(port, request).toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code text} as it is and reads what comes back until the server closes the connection. */
    private static ByteArrayOutputStream exchange(int port, String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all;
        }
    }

    /**
     * Pipelined requests (RFC 9112, 9.3.2): all of them written at once, before any answer is read; the answers are
     * read until the server closes the connection (have the last request ask for it with {@code Connection: close})
     * and told apart by their {@code Content-Length} or last chunk.
     */
    public static List<Response> sendPipelined(int port, String... requests) throws IOException {
        String text = exchange(port, String.join("", requests)).toString(StandardCharsets.ISO_8859_1);
        List<Response> answers = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                throw new IllegalStateException("No complete answer head after " + answers.size() + " answers in: "
                        + text.substring(at));
            }
            Response head = Response.parse(text.substring(at, headEnd + 4));
            int bodyStart = headEnd + 4;
            StringBuilder body = new StringBuilder();
            if (head.header("content-length") != null) {
                at = bodyStart + Integer.parseInt(head.header("content-length"));
                body.append(text, bodyStart, at);
            }
            else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                at = bodyStart;
                int size;
                do {
                    int lineEnd = text.indexOf("\r\n", at);
                    size = Integer.parseInt(text.substring(at, lineEnd).split(";", 2)[0].strip(), 16);
                    body.append(text, lineEnd + 2, lineEnd + 2 + size);
                    at = lineEnd + 2 + size + 2;
                }
                while (size > 0);
            }
            else {
                at = text.length();
                body.append(text, bodyStart, at);
            }
            answers.add(new Response(head.status(), head.headers(), new String(
                    body.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
        return answers;
    }

    /** A status, the headers (names in lower case, the last of a repeated name) and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        static Response parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("No complete answer head in: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }

        public String header(String name) {
            return headers.get(name);
        }

        /** This answer to {@code request} (the text {@link #send} wrote), for {@code ApiContract.check}. */
        public RecordedExchange recorded(String request) {
            // a folded header line (obs-fold) continues the one before it, as a space (RFC 9112, 5.2)
            String[] head = request.substring(0, request.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ")
                .split("\r\n");
            String[] line = head[0].split(" ");
            HttpHeaders requestHeaders = new HttpHeaders();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                requestHeaders.add(head[i].substring(0, colon).trim(), head[i].substring(colon + 1).trim());
            }
            HttpHeaders responseHeaders = new HttpHeaders();
            headers.forEach(responseHeaders::add);
            return new RecordedExchange(line[0], line[1], requestHeaders, status, responseHeaders,
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
