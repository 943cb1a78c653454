package dev.todolist.testsupport.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.ExchangeResult;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Holds every answer a test receives against the OpenAPI document, and fails with a precise message when the
 * document does not describe it: an undocumented status, a missing required header, a header or body that does not
 * match its schema, a content type the operation does not answer with, or an answer on a route the document lacks.
 *
 * <p>Operations are checked by Atlassian's {@code openapi-request-validator} (OpenAPI 3.1 through networknt's
 * JSON Schema 2020-12 validator). Three kinds of answer concern no single operation, and the document describes
 * them once, as {@code components.responses}; they are checked as if every path offered them:
 * <ul>
 * <li>a request on no documented path must be answered {@code 404} ({@code NotFound}) or {@code 400}
 * ({@code InvalidRequest}, the security firewall); anything else is an answer on a route the document lacks;
 * <li>a method a documented path does not offer must be answered {@code 405} ({@code MethodNotAllowed}) with an
 * {@code Allow} header naming exactly the methods the document gives that path;
 * <li>an {@code OPTIONS} request is a CORS preflight ({@code PreflightAccepted} or {@code CrossOriginRejected});
 * <li>any request with an {@code Origin} may be refused {@code 403} without {@code Access-Control-Allow-Origin}
 * ({@code CrossOriginRejected}): an origin the CORS policy does not allow;
 * <li>any request may be refused {@code 414} or {@code 431} ({@code RequestTooLarge}): a URL or headers too long;
 * or {@code 505} ({@code HttpVersionNotSupported}): a request line of another HTTP than 1.x.
 * </ul>
 * A {@code text/event-stream} body is checked event by event against the media type's {@code x-itemSchema}. An
 * answer marked {@value #EXEMPT} (a test's stub upstream, passed through) is not checked.
 *
 * <p>Requests are not validated: tests send wrong requests on purpose, and what matters is that the answer to
 * each is one the document promises. Switch it on for a WebTestClient with {@link #filter()} (every answer, even
 * one whose test reads only the status) or {@code entityExchangeResultConsumer(contract::check)}.
 */
public final class ApiContract {

    /**
     * A response header that marks an answer as a test double's (a stub upstream a proxy passes through): no answer
     * of the real system, so not checked. Its value says whose it is.
     */
    public static final String EXEMPT = "X-Contract-Exempt";

    /** Where the edge serves the document from: its classpath. */
    public static final String DOCUMENT = "openapi/todo-platform.yaml";

    private static final String UNKNOWN_ROUTE = "/x-contract/unknown-route";

    private static final String METHOD_NOT_OFFERED = "/x-contract/method-not-offered";

    private static final String PREFLIGHT = "/x-contract/preflight";

    private static final String ANY_REQUEST = "/x-contract/any-request";

    /** The answers any request may get, whatever its path and method, and the component each is. */
    private static final Map<String, String> ANY_REQUEST_ANSWERS = Map.of("414", "RequestTooLarge",
            "431", "RequestTooLarge", "505", "HttpVersionNotSupported");

    private static final String CROSS_ORIGIN_REJECTED = "/x-contract/cross-origin-rejected";

    private static final List<String> CHECKED_METHODS = List.of("get", "put", "post", "delete", "patch", "head",
            "trace");

    private static final int BODY_EXCERPT = 600;

    private final ApiDocument document;

    private final OpenApiInteractionValidator validator;

    private final EventStreamCheck events;

    private ApiContract(ApiDocument document) {
        this.document = document;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(withGeneralAnswers(document))
            .withStrictOperationPathMatching()
            .withLevelResolver(LevelResolver.create()
                .withDefaultLevel(ValidationReport.Level.ERROR)
                // Not the document's own additionalProperties (those stay errors) but the validator's option to
                // forbid undeclared members everywhere, which would also break every allOf in the document.
                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                .build())
            .build();
        this.events = new EventStreamCheck(document);
    }

    /** The document the edge serves ({@value #DOCUMENT}). */
    public static ApiContract load() {
        return load(DOCUMENT);
    }

    public static ApiContract load(String classpathResource) {
        return new ApiContract(ApiDocument.fromClasspath(classpathResource));
    }

    /** Fails with every difference between the answer and the document, or returns quietly. */
    public void check(RecordedExchange exchange) {
        List<String> problems = problems(exchange);
        if (!problems.isEmpty()) {
            throw new AssertionError(report(exchange, problems));
        }
    }

    /**
     * As {@link #check(RecordedExchange)}, for an answer read only in part (a stream hung up on): when nothing of its
     * body was read (its head alone, or no whole event yet), the missing body is no difference.
     */
    public void checkAsFarAsRead(RecordedExchange exchange) {
        boolean bodyRead = exchange.responseBody().length > 0;
        List<String> problems = problems(exchange).stream()
            .filter(problem -> bodyRead || !problem.contains("[validation.response.body.missing]"))
            .toList();
        if (!problems.isEmpty()) {
            throw new AssertionError(report(exchange, problems));
        }
    }

    /** For {@code WebTestClient.Builder.entityExchangeResultConsumer(contract::check)}. */
    public void check(ExchangeResult result) {
        check(RecordedExchange.of(result));
    }

    /**
     * A WebClient/WebTestClient filter that checks every answer, whatever the test then reads of it. The body is
     * read whole (into heap memory, the Netty buffers released) and checked off the event loop; an event stream is
     * left to stream and only its status and headers are checked (check its events with
     * {@link #checkEvents(String, String, String)}).
     */
    public ExchangeFilterFunction filter() {
        return (request, next) -> next.exchange(request).flatMap(response -> {
            if (isEventStream(response.headers().asHttpHeaders())) {
                return Mono.fromRunnable(() -> checkHead(request, response))
                    .subscribeOn(Schedulers.boundedElastic())
                    .thenReturn(response)
                    .onErrorResume(AssertionError.class, failed -> response.releaseBody().then(Mono.error(failed)));
            }
            return read(response).publishOn(Schedulers.boundedElastic()).map(body -> {
                check(new RecordedExchange(request.method().name(), target(request), request.headers(),
                        response.statusCode().value(), response.headers().asHttpHeaders(), body));
                return response.mutate()
                    .body(Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
                    .build();
            });
        });
    }

    /**
     * Checks the events of a {@code text/event-stream} answered by {@code GET path} (as far as it was read) against
     * the item schema the document gives that answer. A stream without one complete event fails: there was nothing
     * to check, which a test asking for the check did not mean.
     */
    public void checkEvents(String method, String path, String stream) {
        if (ServerSentEvents.parse(stream).isEmpty()) {
            throw new AssertionError(method + " " + path + " streamed no complete event to check (an event ends with "
                    + "a blank line); received: " + (stream.isEmpty() ? "nothing" : "'" + stream + "'"));
        }
        List<String> problems = events.problems(method.toUpperCase(Locale.ROOT), path, "200", stream);
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + path + " streamed events the document does not describe:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Each difference between the answer and the document, as a sentence; empty when the document describes it. */
    public List<String> problems(RecordedExchange exchange) {
        if (exchange.responseHeaders().containsHeader(EXEMPT)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        // the validator checks a body only against the media type the answer names: without one it checks nothing
        int bodyLength = exchange.responseBody().length;
        if (bodyLength > 0 && exchange.responseHeaders().getFirst(HttpHeaders.CONTENT_TYPE) == null) {
            problems.add("a body of " + bodyLength + " bytes without a Content-Type");
        }
        problems.addAll(documentProblems(exchange));
        return problems;
    }

    private List<String> documentProblems(RecordedExchange exchange) {
        String method = exchange.method().toUpperCase(Locale.ROOT);
        String path = withUnreservedDecoded(exchange.path());
        String anyRequest = ANY_REQUEST_ANSWERS.get(String.valueOf(exchange.status()));
        if (anyRequest != null) {
            return validate(ANY_REQUEST, exchange, "any request may be answered " + exchange.status()
                    + ", as components.responses." + anyRequest);
        }
        if (method.equals("OPTIONS")) {
            return validate(PREFLIGHT, exchange, "OPTIONS " + path + " is a CORS preflight: the document answers "
                    + "it with components.responses.PreflightAccepted (200) or CrossOriginRejected (403)");
        }
        if (exchange.status() == 403 && exchange.requestHeaders().getOrigin() != null
                && !exchange.responseHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            return validate(CROSS_ORIGIN_REJECTED, exchange, "a request from origin "
                    + exchange.requestHeaders().getOrigin() + " refused 403 is a CORS refusal: the document answers "
                    + "it with components.responses.CrossOriginRejected");
        }
        String template = document.match(path).orElse(null);
        if (template == null) {
            return validate(UNKNOWN_ROUTE, exchange, exchange.status() == 404 || exchange.status() == 400
                    ? path + " is on no path of the document: its answer must be components.responses.NotFound (or "
                            + "InvalidRequest)"
                    : path + " is on no path of the document, yet was answered " + exchange.status()
                            + ": the server answers on a route the document lacks (only 404 not_found or 400 "
                            + "invalid_request may answer there)");
        }
        Set<String> offered = document.operations().get(template);
        if (!offered.contains(method)) {
            List<String> problems = validate(METHOD_NOT_OFFERED, exchange, "the document's " + template
                    + " does not offer " + method + " (only " + String.join(", ", offered)
                    + "): its answer must be 405 method_not_allowed with Allow (components.responses."
                    + "MethodNotAllowed)");
            problems.addAll(allowProblems(exchange, template, offered));
            return problems;
        }
        List<String> problems = new ArrayList<>(messages(validator.validateResponse(path, requestMethod(method),
                response(exchange)), path, path));
        if (isEventStream(exchange.responseHeaders()) && exchange.responseBody().length > 0) {
            problems.addAll(events.problems(method, path, Integer.toString(exchange.status()),
                    exchange.responseText()));
        }
        return problems;
    }

    /**
     * The path as the edge routes it: an escaped unreserved character ({@code %6c} for {@code l}) is that character
     * (RFC 3986, section 6.2.2.2); every other escape stays as it is.
     */
    static String withUnreservedDecoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && HexFormat.isHexDigit(path.charAt(i + 1))
                    && HexFormat.isHexDigit(path.charAt(i + 2))) {
                char value = (char) HexFormat.fromHexDigits(path, i + 1, i + 3);
                if (isUnreserved(value)) {
                    out.append((char) value);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** The document's paths and the methods each offers, for {@link RouteCoverage}. */
    public Map<String, Set<String>> documentedRoutes() {
        return document.operations();
    }

    private List<String> validate(String syntheticPath, RecordedExchange exchange, String why) {
        List<String> problems = messages(validator.validateResponse(syntheticPath,
                requestMethod(exchange.method().toUpperCase(Locale.ROOT)), response(exchange)), syntheticPath,
                exchange.path());
        if (!problems.isEmpty()) {
            problems.addFirst(why);
        }
        return problems;
    }

    private static List<String> allowProblems(RecordedExchange exchange, String template, Set<String> offered) {
        if (exchange.status() != 405) {
            return List.of();
        }
        Set<String> allowed = exchange.responseHeaders()
            .getValuesAsList(HttpHeaders.ALLOW)
            .stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(String::trim)
            .filter(token -> !token.isEmpty())
            .map(token -> token.toUpperCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> required = new TreeSet<>(offered);
        required.removeAll(Set.of("HEAD", "OPTIONS"));
        Set<String> permitted = new TreeSet<>(offered);
        permitted.addAll(Set.of("HEAD", "OPTIONS"));
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(allowed);
        if (!missing.isEmpty()) {
            problems.add("Allow: " + allowed + " lacks " + missing + ", which the document's " + template
                    + " offers");
        }
        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(permitted);
        if (!extra.isEmpty()) {
            problems.add("Allow: " + allowed + " names " + extra + ", which the document's " + template
                    + " does not offer");
        }
        return problems;
    }

    private static List<String> messages(ValidationReport report, String reportedPath, String realPath) {
        List<String> result = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            message.getContext()
                .flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance)
                .filter(pointer -> !pointer.isEmpty())
                .ifPresent(pointer -> line.append("body ").append(pointer).append(": "));
            line.append(message.getMessage().replace(reportedPath, realPath));
            for (String info : message.getAdditionalInfo()) {
                line.append("\n      ").append(info);
            }
            line.append("  [").append(message.getKey()).append(']');
            result.add(line.toString());
        }
        return result;
    }

    private String report(RecordedExchange exchange, List<String> problems) {
        StringBuilder text = new StringBuilder();
        text.append(exchange.method()).append(' ').append(exchange.target()).append(" was answered ")
            .append(exchange.status()).append(", which ").append(document.resource())
            .append(" does not describe:\n");
        for (String problem : problems) {
            text.append("  - ").append(problem).append('\n');
        }
        text.append("  the answer's headers: ").append(exchange.responseHeaders()).append('\n');
        String body = exchange.responseText();
        text.append("  the answer's body: ")
            .append(body.isEmpty() ? "(none)" : body.length() > BODY_EXCERPT ? body.substring(0, BODY_EXCERPT) + "..."
                    : body);
        return text.toString();
    }

    private static SimpleResponse response(RecordedExchange exchange) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach(builder::withHeader);
        if (exchange.responseBody().length > 0) {
            builder.withBody(exchange.responseBody());
        }
        return builder.build();
    }

    private static Request.Method requestMethod(String method) {
        return Request.Method.valueOf(method);
    }

    private static boolean isEventStream(HttpHeaders headers) {
        MediaType type = headers.getContentType();
        return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
    }

    private void checkHead(ClientRequest request, ClientResponse response) {
        checkAsFarAsRead(new RecordedExchange(request.method().name(), target(request), request.headers(),
                response.statusCode().value(), response.headers().asHttpHeaders(), new byte[0]));
    }

    private static String target(ClientRequest request) {
        String path = request.url().getRawPath();
        String query = request.url().getRawQuery();
        return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
    }

    private static Mono<byte[]> read(ClientResponse response) {
        return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers())).map(joined -> {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            DataBufferUtils.release(joined);
            return bytes;
        }).defaultIfEmpty(new byte[0]);
    }

    /**
     * The document plus five synthetic paths that stand for the answers the document gives every path (see the
     * class comment), so that the same validator checks those answers too. The document itself is not changed.
     */
    private static String withGeneralAnswers(ApiDocument document) {
        ObjectNode root = document.root().deepCopy();
        ObjectNode paths = (ObjectNode) root.get("paths");
        for (String path : List.of(UNKNOWN_ROUTE, METHOD_NOT_OFFERED, PREFLIGHT, ANY_REQUEST,
                CROSS_ORIGIN_REJECTED)) {
            if (paths.has(path)) {
                throw new IllegalStateException(document.resource() + " uses the reserved path " + path);
            }
        }
        ObjectNode unknown = paths.putObject(UNKNOWN_ROUTE);
        ObjectNode notOffered = paths.putObject(METHOD_NOT_OFFERED);
        ObjectNode anyRequest = paths.putObject(ANY_REQUEST);
        ObjectNode crossOrigin = paths.putObject(CROSS_ORIGIN_REJECTED);
        for (String method : CHECKED_METHODS) {
            boolean head = method.equals("head");
            ObjectNode unknownResponses = unknown.putObject(method).putObject("responses");
            unknownResponses.set("404", responseRef(document, "NotFound", head));
            unknownResponses.set("400", responseRef(document, "InvalidRequest", head));
            ObjectNode notOfferedResponses = notOffered.putObject(method).putObject("responses");
            notOfferedResponses.set("405", responseRef(document, "MethodNotAllowed", head));
            notOfferedResponses.set("400", responseRef(document, "InvalidRequest", head));
            ObjectNode anyRequestResponses = anyRequest.putObject(method).putObject("responses");
            ANY_REQUEST_ANSWERS.forEach((status, name) -> anyRequestResponses.set(status, responseRef(document, name, head)));
            crossOrigin.putObject(method).putObject("responses").set("403",
                    responseRef(document, "CrossOriginRejected", head));
        }
        ObjectNode anyRequestOptions = anyRequest.putObject("options").putObject("responses");
        ANY_REQUEST_ANSWERS.forEach((status, name) -> anyRequestOptions.set(status, responseRef(document, name, false)));
        ObjectNode preflight = paths.putObject(PREFLIGHT).putObject("options").putObject("responses");
        preflight.set("200", responseRef(document, "PreflightAccepted", false));
        preflight.set("403", responseRef(document, "CrossOriginRejected", false));
        return root.toString();
    }

    /** A reference to a component response; for HEAD the same response without its body. */
    private static JsonNode responseRef(ApiDocument document, String name, boolean withoutBody) {
        String pointer = "#/components/responses/" + name;
        JsonNode component = document.at(pointer);
        if (!withoutBody) {
            return ApiDocument.JSON.createObjectNode().put("$ref", pointer);
        }
        ObjectNode copy = component.deepCopy();
        copy.remove("content");
        return copy;
    }
}
