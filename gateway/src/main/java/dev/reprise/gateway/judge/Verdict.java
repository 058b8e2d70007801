package dev.reprise.gateway.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** What the judge said: the cached answer serves the new question, it does not, or no usable verdict. */
public enum Verdict {
    SAME, DIFFERENT, NONE;

    /** Trailing tokens fail: a reply holding two objects (which may disagree) is no verdict. */
    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads a reply: the first JSON object in it must have a boolean {@code same_answer}; anything else (prose,
     * a string "true", a missing field, two objects that disagree) is no verdict, which changes nothing.
     */
    public static Verdict parse(String reply) {
        if (reply == null) {
            return NONE;
        }
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return NONE;
        }
        JsonNode node;
        try {
            node = JSON.readTree(reply.substring(start, end + 1));
        } catch (JsonProcessingException e) {
            return NONE;
        }
        JsonNode same = node == null ? null : node.get("same_answer");
        if (same == null || !same.isBoolean()) {
            return NONE;
        }
        return same.booleanValue() ? SAME : DIFFERENT;
    }
}
