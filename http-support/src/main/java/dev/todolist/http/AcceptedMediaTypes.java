package dev.todolist.http;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.accept.HeaderContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * The media types a request's {@code Accept} asks for, as Spring reads them, with no parameter but the quality
 * ({@code q}). Spring takes an accepted type's parameters for the answer's: {@code application/json;charset=iso-8859-1}
 * made the JSON encoder refuse the answer, a 500 after the handler had done its work (a task created, an account
 * registered), and {@code application/json;version=2} came back as the answer's {@code Content-Type}. JSON has no
 * parameters (RFC 8259: always UTF-8), nor have the other types the services write, so such an {@code Accept} is
 * answered as the type alone asks.
 */
final class AcceptedMediaTypes implements RequestedContentTypeResolver {

    private static final String QUALITY = "q";

    private final HeaderContentTypeResolver header = new HeaderContentTypeResolver();

    @Override
    public List<MediaType> resolveMediaTypes(ServerWebExchange exchange) {
        List<MediaType> accepted = header.resolveMediaTypes(exchange);
        if (accepted.stream().allMatch(AcceptedMediaTypes::qualityOnly)) {
            return accepted;
        }
        return accepted.stream().map(AcceptedMediaTypes::withQualityOnly).toList();
    }

    private static boolean qualityOnly(MediaType type) {
        Map<String, String> parameters = type.getParameters();
        return parameters.isEmpty() || parameters.size() == 1 && parameters.containsKey(QUALITY);
    }

    private static MediaType withQualityOnly(MediaType type) {
        if (qualityOnly(type)) {
            return type;
        }
        String quality = type.getParameter(QUALITY);
        return new MediaType(type.getType(), type.getSubtype(), quality == null ? Map.of() : Map.of(QUALITY, quality));
    }
}
