package dev.reprise.gateway.error;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a JSON or YAML document a binding failed, written as {@code messages[0].content}. */
public final class JsonErrorPath {

    private JsonErrorPath() {
    }

    /** The failure's path, or null when it is at the top level. */
    public static String of(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
