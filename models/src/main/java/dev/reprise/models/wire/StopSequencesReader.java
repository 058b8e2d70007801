package dev.reprise.models.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code stop} as OpenAI defines it: one string or an array of strings. Anything else (a number, a
 * boolean, an object, a non-string element) is refused rather than turned into text.
 */
final class StopSequencesReader extends JsonDeserializer<List<String>> {

    static final String EXPECTED = "a string or an array of strings";

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new WireTypeMismatch(p, List.class, EXPECTED);
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw JsonMappingException.wrapWithPath(new WireTypeMismatch(p, String.class, "a string"), out,
                        out.size());
            }
            out.add(p.getText());
        }
        return List.copyOf(out);
    }
}
