package dev.todolist.http;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Spring's own 4xx answers (routing, methods, media types, unreadable bodies) in the project's words and codes,
 * keeping the headers they carry ({@code Allow} on a 405). Their own details name Java types and are not shown.
 */
public final class ClientErrors {

    private ClientErrors() {
    }

    public static ApiException of(ServerWebExchange exchange, ErrorResponse error) {
        HttpStatusCode status = error.getStatusCode();
        ApiException answer = switch (error) {
            case MethodNotAllowedException notAllowed -> new ApiException(status, "method_not_allowed",
                    "The method " + exchange.getRequest().getMethod().name() + " is not allowed here.");
            case UnsupportedMediaTypeStatusException unsupported -> notJson(status);
            case NotAcceptableStatusException notAcceptable -> new ApiException(status, "not_acceptable",
                    "This resource is only available as " + mediaTypes(notAcceptable.getSupportedMediaTypes()) + ".");
            case ServerWebInputException input -> new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    wrongType(input));
            default -> switch (status.value()) {
                case 404 -> new ApiException(status, "not_found", "No such route.");
                // a form body (application/x-www-form-urlencoded, as curl -d sends it) comes as a 415 of another
                // type than UnsupportedMediaTypeStatusException
                case 415 -> notJson(status);
                default -> new ApiException(status, "bad_request", "The request is not acceptable.");
            };
        };
        answer.getHeaders().addAll(error.getHeaders());
        return answer;
    }

    /**
     * A body past a limit of the JSON reader, which holds for every member, the ignored ones too (Jackson's default
     * {@link StreamReadConstraints}, which neither service changes).
     */
    static final String OVER_READER_LIMITS = "The request body is past a limit of the JSON reader: member names of "
            + "at most " + StreamReadConstraints.defaults().getMaxNameLength() + " characters, numbers of at most "
            + StreamReadConstraints.defaults().getMaxNumberLength() + " digits, at most "
            + StreamReadConstraints.defaults().getMaxNestingDepth() + " levels of nesting.";

    /**
     * What is wrong with a body that is JSON but not of the expected shape: a top-level member of the wrong JSON type
     * is named in todo-core's words for its own bodies ({@code "email": 1} says "email must be a string."), anything
     * else keeps the general words.
     */
    private static String wrongType(ServerWebInputException input) {
        if (Causes.find(input, StreamConstraintsException.class) != null) {
            return OVER_READER_LIMITS;
        }
        MismatchedInputException mismatch = Causes.find(input, MismatchedInputException.class);
        String member = mismatch != null && mismatch.getPath().size() == 1
                ? mismatch.getPath().get(0).getPropertyName() : null;
        if (member != null && mismatch.getTargetType() == String.class) {
            return member + " must be a string.";
        }
        return "The request body is not a JSON object of the expected shape.";
    }

    private static ApiException notJson(HttpStatusCode status) {
        return new ApiException(status, "unsupported_media_type", "The request body must be application/json.");
    }

    /** The concrete media types a route can answer with, without parameters: "text/event-stream". */
    private static String mediaTypes(List<MediaType> supported) {
        List<String> names = supported.stream()
            .filter(type -> type.isConcrete() && !type.getSubtype().contains("*"))
            .map(type -> type.getType() + "/" + type.getSubtype())
            .distinct()
            .toList();
        return names.isEmpty() ? "application/json" : String.join(" or ", names);
    }
}
