package dev.reprise.gateway.error;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayDeque;
import java.util.Deque;

/** Where in a JSON or YAML document a binding failed, written as {@code messages[0].content}. */
public final class JsonErrorPath {

    private JsonErrorPath() {
    }

    /** The failure's path, or null when it is at the top level. */
    public static String of(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                append(out, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Where a parser stood when reading stopped (a repeated key, say), or null at the top level. */
    public static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                append(out, c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                out.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static void append(StringBuilder out, String name) {
        if (!out.isEmpty()) {
            out.append('.');
        }
        out.append(name);
    }
}
