package dev.todolist.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first look at every request, in Netty's pipeline before Reactor Netty and WebFlux see it: what they would
 * refuse with a bare answer (a request or a body the HTTP decoder could not read, a target {@code java.net.URI}
 * cannot parse) or let through in a form that different layers read differently (escaped or dot-segment paths) is
 * answered here with problem JSON, or put into the one form every later decision sees ({@link RequestTargets}). It
 * also refuses header values with control characters, an HTTP/1.1 request without exactly one {@code Host}, a
 * {@code Host} that is not a host and port ({@link HostHeader}), a request with more than one {@code Content-Type},
 * a transfer coding other than {@code chunked}, and bodies with a content coding (415, with
 * {@code Accept-Encoding: identity}: neither service decodes one, and read as they came they would be refused as
 * malformed JSON), and ends a request whose body stalls or crawls: no byte for longer than
 * {@code REQUEST_BODY_IDLE_TIMEOUT}, or the whole body not there within {@code REQUEST_BODY_TIMEOUT} of its head, is
 * 408 (or, once the answer has begun, a closed connection), so slow bodies cannot hold a connection (at the edge: an
 * upstream one) for long. A connection that has no request under way must send a whole request head within
 * {@code CONNECTION_IDLE_TIMEOUT} of its opening or of its last answer's end, or it is closed: idle and slowly
 * trickled connections (slowloris) do not pile up.
 * <p>
 * A request that comes while Reactor Netty's exchange of the one before is not over (pipelined, or sent the moment the
 * answer before it arrived) is held here, with what follows it, and handed on when that exchange is over; the
 * connection is not read meanwhile. Reactor Netty would queue it itself, but in this version a queued request asking
 * to close the connection is never answered (nor is any after the first), and a refusal here would overtake the
 * answer under way. So every request up to the one that asks to close is answered, in order (RFC 9112, 9.3.2, 9.6).
 * <p>
 * Once the service shuts down ({@link ConnectionDrain}), each answer says {@code Connection: close} and its connection
 * is closed after it, and a request that arrives on a connection is refused with {@code 503} and {@code Retry-After}.
 * A streamed answer to an HTTP/1.0 request is sent without the chunked coding that version lacks, ended by the close.
 * <p>
 * One instance per connection, put there by {@link #customizer}. A refused request is answered with
 * {@code Connection: close}, and the rest of what the connection sends is dropped.
 */
public class RequestGuard extends ChannelDuplexHandler {

    static final String NAME = "todolist.requestGuard";

    private static final String IDENTITY = HttpHeaderValues.IDENTITY.toString();

    private final JsonMapper json;

    private final RefusalHeaders refusalHeaders;

    private final Refusals refusals;

    private final ConnectionDrain drain;

    private final long maxBody;

    private final String tooLarge;

    /** An answer told the client that the connection closes after it (the service is shutting down). */
    private boolean closingAfterAnswer;

    private final long bodyIdleMillis;

    private final long bodyMillis;

    private final long connectionIdleMillis;

    private final String tooSlow;

    private boolean refused;

    private boolean answering;

    private @Nullable ScheduledFuture<?> bodyIdle;

    private long lastBodyRead;

    private long bodyStarted;

    /** Requests whose head has arrived and whose answer has not been written to its end. */
    private int outstanding;

    /** When the connection last began to wait for a request (nothing outstanding). */
    private long waitingSince;

    /** The idle check scheduled: one at a time, not one per request (see {@link #checkIdle}). */
    private @Nullable ScheduledFuture<?> idleCheck;

    private @Nullable HttpRequest current;

    /** Reactor Netty has a request of this connection whose exchange is not over. */
    private boolean exchangeOpen;

    /** What came while an exchange was open, in order, from a request on; made when first needed. */
    private @Nullable ArrayDeque<Object> held;

    /** A task to hand on the next held request is on its way. */
    private boolean handingOn;

    /**
     * The event Reactor Netty's HTTP server fires through the pipeline when an exchange is over (its operations have
     * let go of the connection); a class it does not make public. Without it (another version), nothing is held.
     */
    private static final @Nullable Class<?> EXCHANGE_OVER = exchangeOverEvent();

    RequestGuard(JsonMapper json, RefusalHeaders refusalHeaders, Refusals refusals, RequestLimitsProperties limits,
            ConnectionDrain drain) {
        this.json = json;
        this.refusalHeaders = refusalHeaders;
        this.refusals = refusals;
        this.drain = drain;
        this.maxBody = limits.maxBody().toBytes();
        this.tooLarge = limits.tooLargeDetail();
        this.bodyIdleMillis = limits.bodyIdleTimeout().toMillis();
        this.bodyMillis = limits.bodyTimeout().toMillis();
        this.connectionIdleMillis = limits.connectionIdleTimeout().toMillis();
        this.tooSlow = BodyLimits.tooSlowDetail(limits.bodyTimeout());
    }

    /**
     * Puts a guard on every connection of the server, in front of Reactor Netty's HTTP handling; its refusals are
     * written with {@code json} (the application's mapper: the same problem shape as every other answer) and carry
     * what {@code refusalHeaders} adds (the edge's CORS headers); each is told to {@code refusals} (the edge counts
     * them with its other problem answers: none of them reaches the web layer's metrics).
     */
    public static NettyServerCustomizer customizer(JsonMapper json, RequestLimitsProperties limits,
            RefusalHeaders refusalHeaders, Refusals refusals, ConnectionDrain drain) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> channel.pipeline()
            .addBefore(NettyPipeline.HttpTrafficHandler, NAME,
                    new RequestGuard(json, refusalHeaders, refusals, limits, drain)));
    }

    /** Headers a refusal written by the guard carries besides its own. */
    @FunctionalInterface
    public interface RefusalHeaders {

        RefusalHeaders NONE = (request, response) -> {
        };

        void add(HttpRequest request, HttpHeaders response);
    }

    /** Told of every refusal the guard writes, on the connection's event loop: it must not block. */
    @FunctionalInterface
    public interface Refusals {

        Refusals NONE = (status, code) -> {
        };

        void refused(int status, String code);
    }

    private static @Nullable Class<?> exchangeOverEvent() {
        try {
            return Class.forName("reactor.netty.http.server.HttpServerOperationsTerminatedEvent", false,
                    RequestGuard.class.getClassLoader());
        }
        catch (ClassNotFoundException notThere) {
            return null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (isHolding() || msg instanceof HttpRequest && exchangeOpen) {
            if (held == null) {
                held = new ArrayDeque<>();
            }
            held.add(msg);
            return;
        }
        take(ctx, msg);
    }

    private void take(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            outstanding++;
            Refusal refusal = drain.isDraining() ? new Refusal(HttpStatus.SERVICE_UNAVAILABLE, ConnectionDrain.REFUSAL)
                    : check(request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, request, refusal.status(), refusal.detail());
                return;
            }
            current = request;
            answering = false;
            exchangeOpen = EXCHANGE_OVER != null;
            if (hasBody(request)) {
                startBodyTimer(ctx);
            }
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                refuseBody(ctx);
                return;
            }
            lastBodyRead = System.nanoTime();
            if (msg instanceof LastHttpContent) {
                stopBodyTimer();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = false;
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            answering |= !informational;
            if (!informational) {
                DateHeader.addTo(response);
            }
            if (!informational && drain.isDraining()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                closingAfterAnswer = true;
            }
            if (!informational && current != null && HttpVersion.HTTP_1_0.equals(current.protocolVersion())
                    && HttpUtil.isTransferEncodingChunked(response)) {
                // an HTTP/1.0 client knows no chunked coding (RFC 9112, 6.1): a streamed answer (an event stream, a
                // long list) goes out as it is, its end told by the connection's close
                HttpUtil.setTransferEncodingChunked(response, false);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                closingAfterAnswer = true;
            }
        }
        if (closingAfterAnswer && msg instanceof LastHttpContent) {
            ChannelPromise written = promise.unvoid();
            ctx.write(msg, written);
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (msg instanceof LastHttpContent && !informational && outstanding > 0 && --outstanding == 0) {
            // an answer's end: with nothing else under way, the connection waits for its next request from now
            startWaiting(ctx);
        }
        ctx.write(msg, promise);
    }

    /** While requests are held, the connection is not read: they come first. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!isHolding()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        ctx.fireUserEventTriggered(event);
        if (event.getClass() == EXCHANGE_OVER) {
            exchangeOpen = false;
            if (isHolding() && !handingOn) {
                // from a task of its own, as Reactor Netty drains its own queue
                handingOn = true;
                ctx.executor().execute(() -> handOnHeld(ctx));
            }
        }
    }

    private boolean isHolding() {
        return held != null && !held.isEmpty();
    }

    /** Hands on the next held request and what came with it, up to the request after it. */
    private void handOnHeld(ChannelHandlerContext ctx) {
        handingOn = false;
        if (refused || !ctx.channel().isActive()) {
            releaseHeld();
            return;
        }
        boolean handedRequest = false;
        while (isHolding() && !refused) {
            if (held.peekFirst() instanceof HttpRequest && (handedRequest || exchangeOpen)) {
                break; // its turn comes when this exchange is over
            }
            Object next = held.pollFirst();
            handedRequest |= next instanceof HttpRequest;
            take(ctx, next);
        }
        if (handedRequest) {
            ctx.fireChannelReadComplete();
        }
        if (refused) {
            releaseHeld();
        }
        else if (!isHolding()) {
            ctx.read(); // what the connection sends next (the reads asked for meanwhile were held back)
        }
    }

    private void releaseHeld() {
        Object message;
        while (held != null && (message = held.pollFirst()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startWaiting(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopBodyTimer();
        releaseHeld();
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        ctx.fireChannelInactive();
    }

    private void startWaiting(ChannelHandlerContext ctx) {
        waitingSince = System.nanoTime();
        if (idleCheck == null) {
            idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), connectionIdleMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Closes the connection if it has waited for a request head for the whole idle timeout; otherwise checks again
     * when it could have. Keep-alive requests do not schedule and cancel a timer each: the check sees that requests
     * came (and stops until the next answer's end) or that the wait began later.
     */
    private void checkIdle(ChannelHandlerContext ctx) {
        idleCheck = null;
        if (outstanding > 0 || !ctx.channel().isActive()) {
            return;
        }
        ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        if (unsent != null && !unsent.isEmpty()) {
            // the last answer is still going out to a slow reader: the wait has not begun yet
            waitingSince = System.nanoTime();
        }
        long left = connectionIdleMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSince);
        if (left > 0) {
            idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), left, TimeUnit.MILLISECONDS);
            return;
        }
        // nothing to answer: like an idle keep-alive connection, closed without a word
        ctx.close();
    }

    /** Why a request is refused, and with which status. */
    private record Refusal(HttpStatus status, String detail) {

        static Refusal badRequest(String detail) {
            return new Refusal(HttpStatus.BAD_REQUEST, detail);
        }
    }

    /** The reason to refuse the request, or null after putting its target into normal form. */
    private @Nullable Refusal check(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            HttpStatus status = statusOf(decoded);
            return new Refusal(status, switch (status) {
                case URI_TOO_LONG -> "The request URL is too long.";
                case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
                default -> "The request is not valid HTTP.";
            });
        }
        // before the target: HTTP/2's connection preface (PRI * HTTP/2.0) is a request line of another HTTP, not a
        // request for "*"
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
            return new Refusal(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "Only HTTP/1.1 and HTTP/1.0 are served here.");
        }
        RequestTargets.Result target = RequestTargets.normalize(request.uri());
        if (target.refusal() != null) {
            return Refusal.badRequest(target.refusal());
        }
        if (!target.target().equals(request.uri())) {
            request.setUri(target.target());
        }
        if (version.minorVersion() > 1) {
            // a later HTTP/1.x is read, and answered, as the highest one implemented (RFC 9110, 6.2)
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                && count(request.headers(), HttpHeaderNames.HOST) != 1) {
            return Refusal.badRequest("An HTTP/1.1 request must have exactly one Host header."); // RFC 9112, 3.2
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null && !HostHeader.isValid(host)) {
            return Refusal.badRequest(HostHeader.REFUSAL);
        }
        if (count(request.headers(), HttpHeaderNames.CONTENT_TYPE) > 1) {
            // the first one was read: JSON then text/plain was taken for JSON, the reverse order refused with 415
            return Refusal.badRequest("A request must have at most one Content-Type header.");
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && !onlyChunked(request.headers())) {
            // "gzip, chunked" was read as chunked alone, its gzip ignored
            return Refusal.badRequest("The only transfer coding accepted is Transfer-Encoding: chunked.");
        }
        for (Map.Entry<String, String> header : request.headers()) {
            if (!HeaderValues.hasNoControlCharacters(header.getValue())) {
                return Refusal.badRequest("A header value has a control character.");
            }
        }
        if (hasCodedBody(request)) {
            return new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must not be encoded: Content-Encoding " + IDENTITY + " only.");
        }
        if (HttpUtil.is100ContinueExpected(request) && HttpUtil.getContentLength(request, 0L) > maxBody) {
            // the client waits for a word before it sends the body: 413 at once, on every route, rather than a
            // 100 Continue inviting a body nobody will read (RFC 9110, 10.1.1). Without that wait, the body is on
            // its way, and closing on it could cost the client the answer (a reset): it is refused as it comes.
            return new Refusal(HttpStatus.CONTENT_TOO_LARGE, tooLarge);
        }
        return null;
    }

    /** How many times the header is present, counted to two (on every request: no list made). */
    private static int count(HttpHeaders headers, CharSequence name) {
        Iterator<String> values = headers.valueStringIterator(name);
        int count = 0;
        while (values.hasNext() && count < 2) {
            values.next();
            count++;
        }
        return count;
    }

    private static boolean onlyChunked(HttpHeaders headers) {
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        return codings.size() == 1 && codings.get(0).strip().equalsIgnoreCase(HttpHeaderValues.CHUNKED.toString());
    }

    /** A body sent with a content coding (gzip, deflate, ...) that neither service decodes. */
    private static boolean hasCodedBody(HttpRequest request) {
        String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        return coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase(IDENTITY) && hasBody(request);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    private static HttpStatus statusOf(DecoderResult decoded) {
        if (decoded.isSuccess()) {
            return HttpStatus.BAD_REQUEST;
        }
        Throwable cause = decoded.cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpStatus.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpStatus.BAD_REQUEST;
    }

    private void startBodyTimer(ChannelHandlerContext ctx) {
        stopBodyTimer();
        lastBodyRead = System.nanoTime();
        bodyStarted = lastBodyRead;
        bodyIdle = ctx.executor().schedule(() -> checkBody(ctx), Math.min(bodyIdleMillis, bodyMillis),
                TimeUnit.MILLISECONDS);
    }

    private void checkBody(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        long idleLeft = bodyIdleMillis - TimeUnit.NANOSECONDS.toMillis(now - lastBodyRead);
        long totalLeft = bodyMillis - TimeUnit.NANOSECONDS.toMillis(now - bodyStarted);
        if (idleLeft > 0 && totalLeft > 0) {
            bodyIdle = ctx.executor().schedule(() -> checkBody(ctx), Math.min(idleLeft, totalLeft),
                    TimeUnit.MILLISECONDS);
            return;
        }
        bodyIdle = null;
        if (answering || current == null) {
            refused = true;
            ctx.close();
            return;
        }
        refuse(ctx, current, HttpStatus.REQUEST_TIMEOUT, idleLeft <= 0 ? "The request body stalled." : tooSlow);
    }

    /**
     * A body the HTTP decoder could not read (a malformed chunk size, say): refused here like a request it could not
     * read, before Reactor Netty answers it with a bare {@code 400} while the application, already handling the
     * request, fails to write its own answer over it (logged as a server error). Once the answer has begun, the
     * connection is closed instead.
     */
    private void refuseBody(ChannelHandlerContext ctx) {
        if (answering || current == null) {
            refused = true;
            stopBodyTimer();
            ctx.close();
            return;
        }
        refuse(ctx, current, HttpStatus.BAD_REQUEST, "The request body is not valid HTTP.");
    }

    private void stopBodyTimer() {
        if (bodyIdle != null) {
            bodyIdle.cancel(false);
            bodyIdle = null;
        }
    }

    /**
     * The refused request's path for the problem's {@code instance}, which every problem has: its normal form, or,
     * when it has none (that is why it was refused), the path as sent with every character a URI path may not hold
     * escaped ({@code %zz} becomes {@code %25zz}). Netty reads the request line one character per byte (ISO-8859-1),
     * so each character is escaped as the one byte it was sent as: raw UTF-8 {@code ä} is {@code %C3%A4}, not the
     * UTF-8 of the two characters Netty made of it.
     */
    static URI instance(String uri) {
        String target = RequestTargets.normalize(uri).target();
        String path = (target != null ? target : uri).split("\\?", 2)[0];
        if (target != null) {
            return URI.create(path);
        }
        StringBuilder escaped = new StringBuilder(path.length() + 16);
        byte[] bytes = path.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean escape = b == '%' && !(i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]));
            if (!escape && b < 0x80 && PATH_CHARACTERS.indexOf(b) >= 0 || b == '%' && !escape) {
                escaped.append((char) b);
            }
            else {
                escaped.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        String result = escaped.toString();
        return URI.create(result.startsWith("/") ? result : "/" + result);
    }

    private static final String PATH_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "-._~!$&'()*+,;=:@/";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpStatus status, String detail) {
        refused = true;
        stopBodyTimer();
        String code = switch (status) {
            case REQUEST_TIMEOUT -> "request_timeout";
            case BAD_REQUEST -> "invalid_request";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case SERVICE_UNAVAILABLE -> "service_unavailable";
            case CONTENT_TOO_LARGE -> "payload_too_large";
            case HTTP_VERSION_NOT_SUPPORTED -> "http_version_not_supported";
            default -> "request_too_large";
        };
        ProblemDetail problem = Problems.of(status, code, detail);
        problem.setInstance(instance(request.uri()));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status.value()), Unpooled.wrappedBuffer(json.writeValueAsBytes(problem)));
        DateHeader.addTo(response);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
            // the content codings a request body may have (RFC 9110, 15.5.16)
            response.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, (int) ConnectionDrain.RETRY_AFTER.toSeconds());
        }
        refusalHeaders.add(request, response.headers());
        refusals.refused(status.value(), code);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
