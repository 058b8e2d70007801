package dev.reprise.models.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's raw JSON Schema (tool parameters, {@code json_schema} response formats) as LangChain4j
 * schema elements, in one of two {@link Style}s.
 */
public final class JsonSchemaTranslation {

    /** How much of a client's schema a provider module can carry. */
    public enum Style {
        /**
         * The client's schema as is, wrapped in {@link JsonRawSchema} (for tools: each property).
         * For modules that write schemas with LangChain4j's {@code toMap} (OpenAI, Anthropic, Ollama).
         */
        EXACT,
        /**
         * LangChain4j's typed elements, for modules that only map those (Gemini). Types,
         * descriptions, properties, {@code required}, string enums, {@code items},
         * {@code anyOf}/{@code oneOf}, {@code $ref} and {@code $defs} carry over; keywords without a
         * LangChain4j field ({@code format}, {@code minimum}, {@code pattern}, ...) are dropped.
         */
        TYPED
    }

    private JsonSchemaTranslation() {
    }

    /**
     * Tool parameters: always an object schema; null when the tool takes none. LangChain4j writes
     * the top level's {@code additionalProperties} only for strict tools, in either style.
     */
    public static JsonObjectSchema parameters(JsonNode schema, Style style) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return null;
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException("tool parameters must be a JSON Schema object, got " + schema.getNodeType());
        }
        if (style == Style.TYPED) {
            return object(schema);
        }
        JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(text(schema, "description"));
        Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(e -> properties.put(e.getKey(), raw(e.getValue())));
        object.addProperties(properties);
        object.required(strings(schema.path("required")));
        JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.get("definitions");
        if (defs != null && defs.isObject()) {
            Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
            defs.properties().forEach(e -> definitions.put(e.getKey(), raw(e.getValue())));
            object.definitions(definitions);
        }
        return object.build();
    }

    /** A response format's schema. */
    public static JsonSchemaElement root(JsonNode schema, Style style) {
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("a JSON Schema must be an object, got "
                    + (schema == null ? "nothing" : schema.getNodeType()));
        }
        return style == Style.EXACT ? raw(schema) : element(schema);
    }

    /** Any schema node, as typed elements. */
    static JsonSchemaElement element(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("a JSON Schema must be an object, got "
                    + (schema == null ? "nothing" : schema.getNodeType()));
        }
        String description = text(schema, "description");
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return JsonReferenceSchema.builder().reference(ref.substring(ref.lastIndexOf('/') + 1)).build();
        }
        if (schema.has("enum")) {
            return enumeration(schema, description);
        }
        for (String union : List.of("anyOf", "oneOf")) {
            if (schema.path(union).isArray()) {
                return JsonAnyOfSchema.builder().description(description).anyOf(all(schema.get(union))).build();
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            // ["string", "null"] and the like: a union of the plain types.
            List<JsonSchemaElement> options = new ArrayList<>();
            for (JsonNode t : type) {
                options.add(ofType(t.asText(), schema, description));
            }
            return options.size() == 1 ? options.get(0)
                    : JsonAnyOfSchema.builder().description(description).anyOf(options).build();
        }
        String name = type != null ? type.asText() : schema.has("properties") ? "object" : null;
        return name == null ? raw(schema) : ofType(name, schema, description);
    }

    private static JsonSchemaElement ofType(String type, JsonNode schema, String description) {
        return switch (type) {
            case "object" -> object(schema);
            case "array" -> {
                JsonArraySchema.Builder array = JsonArraySchema.builder().description(description);
                if (schema.path("items").isObject()) {
                    array.items(element(schema.get("items")));
                }
                yield array.build();
            }
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> raw(schema);
        };
    }

    private static JsonObjectSchema object(JsonNode schema) {
        JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(text(schema, "description"));
        Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(e -> properties.put(e.getKey(), element(e.getValue())));
        object.addProperties(properties);
        object.required(strings(schema.path("required")));
        if (schema.path("additionalProperties").isBoolean()) {
            object.additionalProperties(schema.get("additionalProperties").asBoolean());
        }
        JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.get("definitions");
        if (defs != null && defs.isObject()) {
            Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
            defs.properties().forEach(e -> definitions.put(e.getKey(), element(e.getValue())));
            object.definitions(definitions);
        }
        return object.build();
    }

    private static JsonSchemaElement enumeration(JsonNode schema, String description) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : schema.get("enum")) {
            if (!v.isTextual()) {
                return raw(schema); // LangChain4j enums are strings only
            }
            values.add(v.asText());
        }
        return JsonEnumSchema.builder().description(description).enumValues(values).build();
    }

    private static List<JsonSchemaElement> all(JsonNode nodes) {
        List<JsonSchemaElement> out = new ArrayList<>();
        nodes.forEach(n -> out.add(element(n)));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonSchemaElement raw(JsonNode schema) {
        return JsonRawSchema.from(schema.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
