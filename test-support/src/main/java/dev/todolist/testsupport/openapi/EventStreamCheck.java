package dev.todolist.testsupport.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks the events of a {@code text/event-stream} answer against the {@code x-itemSchema} of its media type (the
 * {@code itemSchema} of OpenAPI 3.2): each event's fields ({@code event}, {@code id}, {@code retry}, {@code data})
 * against the item schema branch its {@code event} name selects, then the JSON text of {@code data} against that
 * branch's {@code contentSchema}.
 */
final class EventStreamCheck {

    private static final String MEDIA_TYPE = "text/event-stream";

    private final ApiDocument document;

    EventStreamCheck(ApiDocument document) {
        this.document = document;
    }

    List<String> problems(String method, String path, String status, String stream) {
        String template = document.match(path).orElse(null);
        if (template == null) {
            return List.of(path + " is on no path of the document");
        }
        String mediaPointer = "/paths/" + ApiDocument.escape(template) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + status;
        JsonNode response = document.resolve(document.root().at(mediaPointer));
        JsonNode itemSchema = response.path("content").path(MEDIA_TYPE).path("x-itemSchema");
        if (itemSchema.isMissingNode()) {
            return List.of(method + " " + template + " " + status + " has no " + MEDIA_TYPE
                    + " x-itemSchema to check events against");
        }
        List<Branch> branches = branches(itemSchema, mediaPointer + "/content/" + ApiDocument.escape(MEDIA_TYPE)
                + "/x-itemSchema");
        List<String> problems = new ArrayList<>();
        List<ServerSentEvents.Event> events = ServerSentEvents.parse(stream);
        for (int i = 0; i < events.size(); i++) {
            ServerSentEvents.Event event = events.get(i);
            String where = "event " + (i + 1) + " (" + event.type() + ")";
            Branch branch = branches.stream().filter(candidate -> candidate.names(document).contains(event.type()))
                .findFirst()
                .orElse(null);
            if (branch == null) {
                problems.add(where + ": the document describes no event named '" + event.type() + "' (only "
                        + branches.stream().flatMap(b -> b.names(document).stream()).toList() + ")");
                continue;
            }
            if (!event.unknownFields().isEmpty()) {
                problems.add(where + ": fields SSE does not define: " + event.unknownFields());
            }
            for (String error : document.validate(fields(event), branch.pointer())) {
                problems.add(where + ": " + error);
            }
            JsonNode contentSchema = branch.schema(document).path("properties").path("data").path("contentSchema");
            if (event.data() != null && !contentSchema.isMissingNode()) {
                problems.addAll(dataProblems(where, event.data(), branch.pointer()
                        + "/properties/data/contentSchema"));
            }
        }
        return problems;
    }

    private List<String> dataProblems(String where, String data, String pointer) {
        JsonNode json;
        try {
            json = ApiDocument.JSON.readTree(data);
        }
        catch (JsonProcessingException ex) {
            return List.of(where + ": data is not JSON: " + ex.getOriginalMessage());
        }
        return document.validate(json, pointer).stream().map(error -> where + ": data" + error).toList();
    }

    private static JsonNode fields(ServerSentEvents.Event event) {
        ObjectNode node = ApiDocument.JSON.createObjectNode();
        if (event.event() != null) {
            node.put("event", event.event());
        }
        if (event.id() != null) {
            node.put("id", event.id());
        }
        if (event.retry() != null) {
            if (event.retry().matches("[0-9]+")) {
                node.put("retry", Long.parseLong(event.retry()));
            }
            else {
                node.put("retry", event.retry());
            }
        }
        if (event.data() != null) {
            node.put("data", event.data());
        }
        return node;
    }

    /** The item schema's {@code oneOf} branches, or the item schema itself when it has none. */
    private List<Branch> branches(JsonNode itemSchema, String foundAt) {
        String pointer = ApiDocument.pointerOf(itemSchema, foundAt);
        JsonNode schema = document.resolve(itemSchema);
        JsonNode oneOf = schema.path("oneOf");
        if (!oneOf.isArray()) {
            return List.of(new Branch(pointer));
        }
        List<Branch> branches = new ArrayList<>();
        for (int i = 0; i < oneOf.size(); i++) {
            branches.add(new Branch(ApiDocument.pointerOf(oneOf.get(i), pointer + "/oneOf/" + i)));
        }
        return branches;
    }

    /** One kind of event: the schema at {@code pointer}, selected by its {@code event} property's const or enum. */
    private record Branch(String pointer) {

        JsonNode schema(ApiDocument document) {
            return document.resolve(document.at(pointer));
        }

        List<String> names(ApiDocument document) {
            JsonNode event = document.resolve(schema(document).path("properties").path("event"));
            if (event.has("const")) {
                return List.of(event.get("const").asText());
            }
            List<String> names = new ArrayList<>();
            event.path("enum").forEach(name -> names.add(name.asText()));
            return names;
        }
    }
}
