package dev.reprise.models.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call: {@code {"type":"function","function":{name, description, parameters, strict}}}. */
public record ToolDefinition(String type, Function function) {

    /** The function's JSON-schema parameters are kept as raw JSON, as the client sent them. */
    public record Function(String name, String description, JsonNode parameters, Boolean strict) {
    }
}
