package dev.reprise.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.FakeProviders;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that an HTTP answer is an OpenAI-shaped error and leaks nothing. */
public final class ErrorAssertions {

    private ErrorAssertions() {
    }

    /** Asserts status and shape; returns the {@code error} object for further checks. */
    public static JsonNode assertError(HttpResponse<String> res, int status, String type, String param, String code) {
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                "content-type of " + res.body());
        assertTrue(res.headers().firstValue("x-request-id").isPresent(), "x-request-id on an error");
        JsonNode error;
        try {
            error = WireJson.mapper().readTree(res.body()).get("error");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(error != null && error.isObject(), "OpenAI error envelope: " + res.body());
        assertTrue(error.get("message").isTextual() && !error.get("message").asText().isBlank(), res.body());
        assertEquals(type, error.get("type").asText(), res.body());
        assertTrue(error.has("param") && error.has("code"), "param and code are always present: " + res.body());
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText(), res.body());
        assertEquals(code, error.get("code").isNull() ? null : error.get("code").asText(), res.body());
        assertNoLeak(res.body());
        return error;
    }

    /** No stack trace, no exception class name, no provider key. */
    public static void assertNoLeak(String body) {
        assertFalse(body.contains("\tat ") || body.contains("at dev.reprise") || body.contains("at io.helidon"),
                "stack trace in " + body);
        assertFalse(body.contains("Exception"), "exception name in " + body);
        assertFalse(body.contains(FakeProviders.SECRET_KEY), "provider key in " + body);
    }
}
