package dev.todolist.notifier.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The platform's internal credential ({@code INTERNAL_TOKEN}) on a gRPC call to the notifier: the edge and todo-core
 * send it, the notifier answers nothing without it, as todo-core answers nothing without its {@code X-Internal-Token}
 * header. Without it, any process that could reach the notifier's port could read any user's feed or write into it.
 */
public final class InternalToken {

    /** The call's metadata entry that carries it. */
    public static final Metadata.Key<String> KEY = Metadata.Key.of("x-internal-token",
            Metadata.ASCII_STRING_MARSHALLER);

    private InternalToken() {
    }

    /**
     * Refuses a {@code token} that cannot be the credential ({@code IllegalArgumentException}, saying why): it travels
     * as an HTTP header (edge to todo-core) and as gRPC metadata (to the notifier), both ASCII, so a character outside
     * visible ASCII ({@code !} to {@code ~}) would arrive as something else and every internal call would be refused.
     * Each service checks it at start.
     */
    public static void requireFit(String token) {
        for (int i = 0; i < token.length(); i = token.offsetByCodePoints(i, 1)) {
            int c = token.codePointAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException(String.format("INTERNAL_TOKEN may hold only visible ASCII characters "
                        + "(! to ~), as it travels in HTTP headers and gRPC metadata: it has U+%04X at character %d",
                        c, i + 1));
            }
        }
    }

    /** Adds the credential to every call of a stub or channel it is given to. */
    public static ClientInterceptor attach(String token) {
        Metadata headers = new Metadata();
        headers.put(KEY, token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** Whether a call's credential is {@code expected}, compared in constant time. */
    public static boolean matches(byte[] expected, Metadata headers) {
        String sent = headers.get(KEY);
        return sent != null && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8));
    }
}
