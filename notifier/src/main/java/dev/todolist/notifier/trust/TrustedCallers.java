package dev.todolist.notifier.trust;

import java.nio.charset.StandardCharsets;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

import dev.todolist.notifier.credential.InternalToken;

/**
 * Lets a gRPC call in only with the internal credential ({@link InternalToken}, compared in constant time); any
 * other is closed {@code UNAUTHENTICATED} before its request is read, and logged as a warning without the secret.
 */
@Component
@GlobalServerInterceptor
class TrustedCallers implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TrustedCallers.class);

    private final byte[] internalToken;

    TrustedCallers(TrustProperties properties) {
        this.internalToken = properties.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        if (InternalToken.matches(internalToken, headers)) {
            return next.startCall(call, headers);
        }
        log.warn("Refused {} from {}: {} internal credential", call.getMethodDescriptor().getFullMethodName(),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                headers.containsKey(InternalToken.KEY) ? "a wrong" : "no");
        call.close(Status.UNAUTHENTICATED.withDescription("the internal credential is missing or wrong"),
                new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
