package dev.todolist.edge.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.edge.proxy.UpstreamProperties.Route;
import dev.todolist.http.ApiException;
import dev.todolist.http.Causes;
import dev.todolist.edge.web.ClientIpResolver;
import dev.todolist.http.ProblemResponses;
import dev.todolist.http.RequestLimitsProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/**
 * Forwards one request to its route's upstream with WebClient and copies the answer back. Bodies stream both ways
 * as {@link DataBuffer}s, with two exceptions of known, short length: a request body ({@link #WHOLE_BODY_MAX}) is
 * read whole before an upstream connection is taken, and an answer ({@link #WHOLE_ANSWER_MAX}) is written once
 * complete. A {@code GET} or {@code HEAD} without a body whose upstream connection broke before its answer was
 * complete is sent once more, on another connection (RFC 9112, 9.3.1: a pooled connection that todo-core closed as
 * it shut down, say), and so is one todo-core refused unhandled as it shut down ({@link #isDrainRefusal}). Failures
 * before the answer starts become problem JSON carrying only the edge's own headers:
 * upstream refused, reset or unreachable 502; silent for longer than the response timeout 504; no pooled connection
 * free in time 503 (the edge's own saturation). A failure after the answer started aborts the connection (the client
 * sees a truncated response, never a spliced one). A client that goes away cancels the upstream exchange, which
 * closes that upstream connection; one that goes away while sending its body breaks it, which is not counted as an
 * upstream failure (status 499 in the request's metrics, as nginx counts it).
 */
@Component
class ProxyHandler {

    static final Duration SATURATED_RETRY_AFTER = Duration.ofSeconds(1);

    static final Duration UNREACHABLE_RETRY_AFTER = Duration.ofSeconds(1);

    /** todo-core's answer to a caller without its internal credential ({@code untrusted_caller}), and to no other. */
    private static final int UNTRUSTED = HttpStatus.FORBIDDEN.value();

    private static final String CLIENT_BODY_FAILED = ProxyHandler.class.getName() + ".clientBodyFailed";

    /**
     * An answer whose {@code Content-Length} is at most this is joined and written whole: Reactor Netty then sends
     * status, headers and body in one write, where a streamed body went out as two (the headers flushed alone, then
     * the body). A list of 20 tasks is about 2.5 KiB. 13 % more requests per second at 11 % less CPU per request
     * in one interleaved {@code scripts/edge-ab.sh} run. The join holds at most this much direct memory per request
     * until the answer is complete (8 MiB with the default 500 pooled connections, within MaxDirectMemorySize), and an
     * upstream that fails before the end of such an answer gets the client a clean 502 instead of a truncated 200.
     */
    static final long WHOLE_ANSWER_MAX = 16 * 1024;

    /**
     * A request body whose {@code Content-Length} is at most this (any task's JSON: a title is at most 255
     * characters) is read whole before the upstream call begins, so that a client sending it slowly holds no pooled
     * upstream connection meanwhile: streamed, a few clients trickling their bodies a byte at a time held the whole
     * pool, and every other user got 503. Longer or chunked bodies stream as they come, within the body timeouts.
     */
    static final long WHOLE_BODY_MAX = 16 * 1024;

    private final WebClient client;

    private final ClientIpResolver clientIp;

    private final ProblemResponses problems;

    private final String internalToken;

    private final long maxRequestBody;

    private final String tooLarge;

    ProxyHandler(WebClient proxyWebClient, ClientIpResolver clientIp, ProblemResponses problems,
            UpstreamProperties properties, RequestLimitsProperties limits) {
        this.client = proxyWebClient;
        this.clientIp = clientIp;
        this.problems = problems;
        this.internalToken = properties.internalToken();
        this.maxRequestBody = limits.maxBody().toBytes();
        this.tooLarge = limits.tooLargeDetail();
    }

    Mono<Void> forward(ServerWebExchange exchange, Route route, String userId) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = request.getHeaders();
        long length = headers.getContentLength();
        if (length > maxRequestBody) {
            return tooLarge(exchange);
        }
        // Headers are copied between Reactor Netty's own header maps: through Spring's HttpHeaders, WebClient alone
        // copied them three times per request (its builder, its request, Netty's), which cost more than the policy.
        io.netty.handler.codec.http.HttpHeaders inbound = ServerHttpRequestDecorator.<HttpServerRequest>getNativeRequest(
                request).requestHeaders();
        io.netty.handler.codec.http.HttpHeaders outbound = ServerHttpResponseDecorator.<HttpServerResponse>getNativeResponse(
                response).responseHeaders();
        URI requestUri = request.getURI();
        String query = requestUri.getRawQuery();
        String path = request.getPath().value();
        URI target = URI.create(query == null ? route.url() + path : route.url() + path + "?" + query);
        String ip = clientIp.resolve(request);
        String proto = requestUri.getScheme() == null ? "http" : requestUri.getScheme();
        WebClient.RequestBodySpec spec = client.method(request.getMethod())
            .uri(target)
            .httpRequest(upstream -> ProxyHeaders.forwardRequest(inbound,
                    upstream.<HttpClientRequest>getNativeRequest().requestHeaders(), userId, internalToken, ip, proto));
        if (length > 0 && length <= WHOLE_BODY_MAX) {
            return DataBufferUtils.join(request.getBody())
                .map(ProxyHandler::onHeap)
                .defaultIfEmpty(DefaultDataBufferFactory.sharedInstance.allocateBuffer(0))
                .flatMap(body -> exchange(exchange, route, spec.body(BodyInserters.fromDataBuffers(Mono.just(body))),
                        outbound, false));
        }
        if (length > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            Flux<DataBuffer> body = request.getBody()
                .doOnError(ex -> exchange.getAttributes().put(CLIENT_BODY_FAILED, Boolean.TRUE));
            spec.body(BodyInserters.fromDataBuffers(length > 0 ? body : limited(body)));
            return exchange(exchange, route, spec, outbound, false);
        }
        HttpMethod method = request.getMethod();
        return exchange(exchange, route, spec, outbound, method == HttpMethod.GET || method == HttpMethod.HEAD);
    }

    /**
     * The body as a heap buffer, the pooled one released: nothing to release if the upstream call never takes it
     * (its connection refused, the client gone).
     */
    private static DataBuffer onHeap(DataBuffer pooled) {
        try {
            byte[] bytes = new byte[pooled.readableByteCount()];
            pooled.read(bytes);
            return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
        }
        finally {
            DataBufferUtils.release(pooled);
        }
    }

    /** {@code repeatable}: the request may be sent once more if its connection breaks before the answer is complete. */
    private Mono<Void> exchange(ServerWebExchange exchange, Route route, WebClient.RequestHeadersSpec<?> spec,
            io.netty.handler.codec.http.HttpHeaders outbound, boolean repeatable) {
        ServerHttpResponse response = exchange.getResponse();
        io.netty.handler.codec.http.HttpHeaders own = outbound.copy();
        return spec.exchangeToMono(upstream -> {
            if (repeatable && isDrainRefusal(upstream)) {
                return upstream.releaseBody().then(exchange(exchange, route, spec, outbound, false));
            }
            if (upstream.statusCode().value() == UNTRUSTED) {
                // todo-core refuses only a caller without its credential with 403: an edge whose INTERNAL_TOKEN is
                // not todo-core's, a fault of the deployment that no client can mend (nor should read as its own)
                return upstream.releaseBody().then(problems.write(exchange, unavailable().because(route.url()
                        + " refused the edge's credential (403): INTERNAL_TOKEN differs between them")));
            }
            response.setStatusCode(upstream.statusCode());
            ProxyHeaders.returnResponse(upstream.headers().asHttpHeaders(), outbound);
            Flux<DataBuffer> body = upstream.body(BodyExtractors.toDataBuffers());
            long answerLength = upstream.headers().contentLength().orElse(-1);
            return answerLength >= 0 && answerLength <= WHOLE_ANSWER_MAX
                    ? response.writeWith(DataBufferUtils.join(body)) : response.writeWith(body);
        }).onErrorResume(ex -> !response.isCommitted(), ex -> {
            outbound.set(own);
            return repeatable && isBrokenConnection(ex) ? exchange(exchange, route, spec, outbound, false)
                    : failure(exchange, route, ex);
        });
    }

    /**
     * todo-core shutting down refused the request, unhandled, as it came on a kept connection, which it closes
     * (http-support's {@code ConnectionDrain}: {@code 503} with {@code Connection: close}, the one {@code 503} that
     * closes): sent once more, on another connection, to another instance if there is one. A rollout then costs a
     * read nothing, as nginx's balancer does for the host stack's instances.
     */
    private static boolean isDrainRefusal(ClientResponse upstream) {
        return upstream.statusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                && upstream.headers().header(HttpHeaders.CONNECTION).stream().anyMatch("close"::equalsIgnoreCase);
    }

    /** The connection closed or was reset under the exchange: not a refused connection, a timeout or a full pool. */
    private static boolean isBrokenConnection(Throwable ex) {
        return Causes.has(ex, PrematureCloseException.class) || (Causes.has(ex, IOException.class)
                && !Causes.has(ex, ConnectException.class) && !Causes.has(ex, ConnectTimeoutException.class));
    }

    private Flux<DataBuffer> limited(Flux<DataBuffer> body) {
        long[] seen = new long[1];
        return body.handle((buffer, sink) -> {
            seen[0] += buffer.readableByteCount();
            if (seen[0] > maxRequestBody) {
                DataBufferUtils.release(buffer);
                sink.error(new DataBufferLimitException("request body over the limit"));
            }
            else {
                sink.next(buffer);
            }
        });
    }

    private Mono<Void> failure(ServerWebExchange exchange, Route route, Throwable ex) {
        if (clientGone(exchange)) {
            // the client hung up or reset while sending its body, which broke the upstream call: no upstream failure,
            // but a client gone, which the exception handler answers as every service does (nothing; 499 in metrics)
            return Mono.error(new AbortedException(ex));
        }
        if (Causes.has(ex, DataBufferLimitException.class)) {
            return tooLarge(exchange);
        }
        if (Causes.has(ex, PoolAcquireTimeoutException.class) || Causes.has(ex, PoolAcquirePendingLimitException.class)) {
            ProblemResponses.because(exchange, "no connection to " + route.url() + " free in time");
            return problems.write(exchange, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "The edge is saturated; try again shortly.")
                .retryAfter(SATURATED_RETRY_AFTER));
        }
        // the refusal line (RefusalLog, at most so many a second) names the cause: no line of its own per request
        if (Causes.has(ex, ReadTimeoutException.class)) {
            ProblemResponses.because(exchange, route.url() + " did not answer within PROXY_RESPONSE_TIMEOUT");
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                    "The upstream service did not answer in time.");
        }
        ApiException unavailable = unavailable();
        String cause = NestedExceptionUtils.getMostSpecificCause(ex).toString();
        if (Causes.has(ex, ConnectException.class) || Causes.has(ex, ConnectTimeoutException.class)) {
            // the request never reached todo-core: the client may repeat it, whatever its method
            return problems.write(exchange, unavailable.retryAfter(UNREACHABLE_RETRY_AFTER)
                .because(route.url() + " unreachable: " + cause));
        }
        // it may have reached todo-core (a reset mid-answer): no hint to repeat it
        return problems.write(exchange, unavailable.because(route.url() + " failed: " + cause));
    }

    private static ApiException unavailable() {
        return new ApiException(HttpStatus.BAD_GATEWAY, "upstream_unavailable", "The upstream service is unavailable.");
    }

    /** The request body failed as it came from the client: it hung up or reset before sending all of it. */
    private static boolean clientGone(ServerWebExchange exchange) {
        return exchange.getAttributes().containsKey(CLIENT_BODY_FAILED);
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return problems.write(exchange, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", tooLarge);
    }
}
