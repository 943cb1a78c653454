package dev.todolist.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.accept.HeaderContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The media types a request's {@code Accept} asks for, as Spring reads them, with no parameter but the quality
 * ({@code q}). Spring takes an accepted type's parameters for the answer's: {@code application/json;charset=iso-8859-1}
 * made the JSON encoder refuse the answer, a 500 after the handler had done its work (a task created, an account
 * registered), and {@code application/json;version=2} came back as the answer's {@code Content-Type}. JSON has no
 * parameters (RFC 8259: always UTF-8), nor have the other types the services write, so such an {@code Accept} is
 * answered as the type alone asks, also when Spring cannot read a parameter ({@code charset=UTF-7}, an unknown
 * charset). What cannot be read even so (a malformed type, more than 50) stays unreadable: 406.
 */
final class AcceptedMediaTypes implements RequestedContentTypeResolver {

    private static final String QUALITY = "q";

    /** As many media ranges as Spring reads in one {@code Accept}: more is unreadable, 406. */
    private static final int MAX_RANGES = 50;

    private final HeaderContentTypeResolver header = new HeaderContentTypeResolver();

    @Override
    public List<MediaType> resolveMediaTypes(ServerWebExchange exchange) {
        List<MediaType> accepted;
        try {
            accepted = header.resolveMediaTypes(exchange);
        }
        catch (NotAcceptableStatusException | InvalidMimeTypeException unreadable) {
            // perhaps only a parameter Spring checks is off (charset=UTF-7, an unknown charset): read without them
            accepted = withoutParameters(exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT));
            if (accepted == null) {
                throw unreadable;
            }
        }
        if (accepted.stream().allMatch(AcceptedMediaTypes::qualityOnly)) {
            return accepted;
        }
        return accepted.stream().map(AcceptedMediaTypes::withQualityOnly).toList();
    }

    /** The media ranges with no parameter but {@code q}, or null when even so they cannot be read. */
    private static @Nullable List<MediaType> withoutParameters(@Nullable List<String> values) {
        if (values == null) {
            return null;
        }
        List<String> ranges = new ArrayList<>();
        for (String value : values) {
            for (String range : MimeTypeUtils.tokenize(value)) {
                String[] parts = range.split(";");
                String quality = null;
                for (int i = 1; i < parts.length; i++) {
                    String[] parameter = parts[i].split("=", 2);
                    if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase(QUALITY)) {
                        quality = parameter[1].strip();
                    }
                }
                ranges.add(quality == null ? parts[0].strip() : parts[0].strip() + ";q=" + quality);
            }
        }
        if (ranges.size() > MAX_RANGES) {
            return null;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(ranges);
            MimeTypeUtils.sortBySpecificity(types);
            return types;
        }
        catch (InvalidMimeTypeException stillUnreadable) {
            return null;
        }
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
