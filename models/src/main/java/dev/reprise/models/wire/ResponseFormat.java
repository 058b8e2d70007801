package dev.reprise.models.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code {"type":"text"|"json_object"|"json_schema","json_schema":{name, description, schema, strict}}}. */
public record ResponseFormat(String type, JsonSchema jsonSchema) {

    public static final String TEXT = "text";
    public static final String JSON_OBJECT = "json_object";
    public static final String JSON_SCHEMA = "json_schema";

    /** A named schema the answer must follow. */
    public record JsonSchema(String name, String description, JsonNode schema, Boolean strict) {
    }
}
