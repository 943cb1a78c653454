package dev.todolist.edge.proxy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

import dev.todolist.testsupport.openapi.ApiContract;

/**
 * A misbehaving upstream on Reactor Netty's HttpServer: echoes, stalls, resets, streams a lot. Its answers are marked
 * {@link ApiContract#EXEMPT}.
 */
final class StubUpstream implements AutoCloseable {

    static final int LARGE_CHUNK = 64 * 1024;

    static final int LARGE_CHUNKS = 512; // 32 MiB

    private static final byte[] CHUNK = new byte[LARGE_CHUNK];

    final AtomicReference<HttpHeaders> lastHeaders = new AtomicReference<>();

    final AtomicReference<String> lastUri = new AtomicReference<>();

    final AtomicReference<String> lastMethod = new AtomicReference<>();

    volatile CountDownLatch closed = new CountDownLatch(1);

    final AtomicInteger inFlight = new AtomicInteger();

    /** Requests to {@code /tasks/reset-every-other}: the odd ones have their connection closed unanswered. */
    final AtomicInteger everyOther = new AtomicInteger();

    /** Requests to {@code /tasks/drain-every-other}: the odd ones are refused as a draining todo-core refuses. */
    final AtomicInteger drainEveryOther = new AtomicInteger();

    private final DisposableServer server;

    StubUpstream(Duration slowDelay) {
        HttpServerRoutes routes = HttpServerRoutes.newRoutes()
            .route(request -> request.uri().startsWith("/tasks/echo-headers"), (req, res) -> {
                lastHeaders.set(req.requestHeaders().copy());
                lastUri.set(req.uri());
                lastMethod.set(req.method().name());
                return res.header("Content-Type", "application/json")
                    .header("X-Upstream", "yes")
                    .header("Access-Control-Allow-Origin", "*")
                    .sendString(Mono.just("{\"ok\":true}"));
            })
            .post("/tasks/echo", (req, res) -> {
                lastHeaders.set(req.requestHeaders().copy());
                return res.header("Content-Type", req.requestHeaders().get("Content-Type", "application/octet-stream"))
                    .send(req.receive().retain());
            })
            // POST /tasks: counts the body (the edge refuses one over its limit before this answers)
            .post("/tasks", (req, res) -> req.receive()
                .map(buffer -> (long) buffer.readableBytes())
                .reduce(0L, Long::sum)
                .flatMap(total -> res.sendString(Mono.just(Long.toString(total))).then()))
            .get("/tasks/set-cookie", (req, res) -> res.header("Content-Type", "application/json")
                .header("Set-Cookie", "upstream_session=stolen; Path=/")
                .header("X-Upstream", "yes")
                .sendString(Mono.just("{\"ok\":true}")))
            .get("/tasks/headers-then-reset", (req, res) -> res.status(200)
                .header("Content-Type", "text/plain")
                .header("Content-Length", "1024")
                .header("X-Upstream-Leak", "yes")
                .header("Set-Cookie", "upstream_session=stolen")
                .sendHeaders()
                .then()
                .then(Mono.fromRunnable(() -> req.withConnection(connection -> connection.channel().close())))
                .then(Mono.never()))
            .post("/tasks/count-then-hang", (req, res) -> {
                inFlight.incrementAndGet();
                return req.receive().then().then(Mono.<Void>never()).doFinally(signal -> inFlight.decrementAndGet());
            })
            .get("/tasks/slow", (req, res) -> Mono.delay(slowDelay).then(res.sendString(Mono.just("late")).then()))
            .get("/tasks/large", (req, res) -> res.header("Content-Type", "application/octet-stream")
                .sendByteArray(Flux.range(0, LARGE_CHUNKS).map(i -> CHUNK)))
            .get("/tasks/reset-before-headers", (req, res) -> {
                req.withConnection(connection -> connection.channel().close());
                return Mono.never();
            })
            .route(request -> request.uri().startsWith("/tasks/reset-every-other"), (req, res) -> {
                if (everyOther.incrementAndGet() % 2 == 1) {
                    req.withConnection(connection -> connection.channel().close());
                    return Mono.never();
                }
                return res.header("Content-Type", "application/json").sendString(Mono.just("{\"ok\":true}"));
            })
            // what todo-core answers, unhandled, to a request on a kept connection once it shuts down (every other)
            .route(request -> request.uri().startsWith("/tasks/drain-every-other"), (req, res) -> {
                if (drainEveryOther.incrementAndGet() % 2 == 1) {
                    return res.status(503)
                        .header("Content-Type", "application/problem+json")
                        .header("Retry-After", "1")
                        .header("Connection", "close")
                        .sendString(Mono.just("{\"status\":503,\"code\":\"service_unavailable\"}"))
                        .then();
                }
                return res.header("Content-Type", "application/json").sendString(Mono.just("{\"ok\":true}"));
            })
            .get("/tasks/reset-mid-body", (req, res) -> {
                closeSoon(req);
                return res.status(200)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Length", Integer.toString(1024 * 1024))
                    .sendByteArray(Flux.just(new byte[8192]).concatWith(Flux.never()))
                    .then();
            })
            // a short answer of known length cut off before its end (the edge joins such answers before writing)
            .get("/tasks/short-then-reset", (req, res) -> {
                closeSoon(req);
                return res.status(200)
                    .header("Content-Type", "application/json")
                    .header("Content-Length", "4096")
                    .header("X-Upstream-Leak", "yes")
                    .sendString(Flux.just("[{\"id\":1}").concatWith(Flux.never()))
                    .then();
            })
            .get("/tasks/hang-before-headers", (req, res) -> {
                CountDownLatch latch = closed;
                req.withConnection(connection -> connection.onDispose(latch::countDown));
                return Mono.never();
            })
            .get("/tasks/hang-after-headers", (req, res) -> {
                CountDownLatch latch = closed;
                req.withConnection(connection -> connection.onDispose(latch::countDown));
                return res.status(200)
                    .header("Content-Type", "text/plain")
                    .sendString(Flux.just("started\n").concatWith(Flux.never()))
                    .then();
            });
        // every answer marked as the stub's: what the edge passes through of it is no answer of the real todo-core,
        // and the API document does not describe it (the edge's own answers, 502/503/504, stay checked)
        this.server = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> routes.apply(request, response.header(ApiContract.EXEMPT,
                    "the edge tests' stub upstream")))
            .bindNow();
    }

    /** Closes the request's connection 200 ms from now, in the middle of whatever the route is sending. */
    private static void closeSoon(HttpServerRequest request) {
        request.withConnection(connection -> connection.channel()
            .eventLoop()
            .schedule(() -> connection.channel().close(), 200, TimeUnit.MILLISECONDS));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
