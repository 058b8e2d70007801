package dev.reprise.models.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.reprise.models.provider.internal.JsonSchemaTranslation.Style.EXACT;
import static dev.reprise.models.provider.internal.JsonSchemaTranslation.Style.TYPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonSchemaTranslationTest {

    private static JsonNode json(String text) throws Exception {
        return WireJson.mapper().readTree(text);
    }

    private static final String ORDER = """
            {"type":"object","description":"An order",
             "properties":{
               "id":{"type":"integer","description":"Order id"},
               "status":{"type":"string","enum":["open","shipped"]},
               "tags":{"type":"array","items":{"type":"string"}},
               "note":{"type":["string","null"]},
               "address":{"$ref":"#/$defs/Address"},
               "priority":{"enum":[1,2,3]},
               "line":{"anyOf":[{"type":"string"},{"type":"integer"}]}},
             "required":["id","status"],
             "additionalProperties":false,
             "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}}}}}""";

    @Test
    void should_type_every_construct_langchain4j_has_a_type_for() throws Exception {
        JsonObjectSchema order = JsonSchemaTranslation.parameters(json(ORDER), TYPED);

        assertEquals("An order", order.description());
        assertEquals(List.of("id", "status"), order.required());
        assertEquals(Boolean.FALSE, order.additionalProperties());
        JsonIntegerSchema id = assertInstanceOf(JsonIntegerSchema.class, order.properties().get("id"));
        assertEquals("Order id", id.description());
        assertEquals(List.of("open", "shipped"),
                assertInstanceOf(JsonEnumSchema.class, order.properties().get("status")).enumValues());
        assertInstanceOf(JsonStringSchema.class,
                assertInstanceOf(JsonArraySchema.class, order.properties().get("tags")).items());
        List<JsonSchemaElement> note = assertInstanceOf(JsonAnyOfSchema.class, order.properties().get("note")).anyOf();
        assertInstanceOf(JsonStringSchema.class, note.get(0));
        assertInstanceOf(JsonNullSchema.class, note.get(1));
        assertEquals("Address", assertInstanceOf(JsonReferenceSchema.class, order.properties().get("address")).reference());
        assertInstanceOf(JsonRawSchema.class, order.properties().get("priority"), "number enums have no typed form");
        assertEquals(2, assertInstanceOf(JsonAnyOfSchema.class, order.properties().get("line")).anyOf().size());
        assertInstanceOf(JsonObjectSchema.class, order.definitions().get("Address"));
    }

    @Test
    void should_keep_each_property_exactly_in_exact_style() throws Exception {
        JsonObjectSchema order = JsonSchemaTranslation.parameters(json(ORDER), EXACT);

        assertEquals(List.of("id", "status"), order.required());
        JsonRawSchema priority = assertInstanceOf(JsonRawSchema.class, order.properties().get("priority"));
        assertEquals(json("{\"enum\":[1,2,3]}"), json(priority.schema()));
        assertEquals(json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"),
                json(assertInstanceOf(JsonRawSchema.class, order.definitions().get("Address")).schema()));
    }

    @Test
    void should_give_a_response_format_the_whole_schema_in_exact_style() throws Exception {
        JsonRawSchema root = assertInstanceOf(JsonRawSchema.class, JsonSchemaTranslation.root(json(ORDER), EXACT));
        assertEquals(json(ORDER), json(root.schema()));
        assertInstanceOf(JsonObjectSchema.class, JsonSchemaTranslation.root(json(ORDER), TYPED));
    }

    @Test
    void should_treat_missing_parameters_as_none_and_refuse_non_objects() throws Exception {
        assertNull(JsonSchemaTranslation.parameters(null, TYPED));
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaTranslation.parameters(json("[1]"), EXACT));
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaTranslation.root(json("\"x\""), TYPED));
    }
}
