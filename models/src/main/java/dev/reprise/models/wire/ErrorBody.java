package dev.reprise.models.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}. {@code param} and
 * {@code code} are written as null rather than left out, as OpenAI does.
 */
public record ErrorBody(Detail error) {

    /** The error itself. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }

    public static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Detail(message, type, param, code));
    }
}
