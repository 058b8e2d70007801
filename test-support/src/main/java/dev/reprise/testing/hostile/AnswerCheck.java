package dev.reprise.testing.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * What every answer to a hostile request must be: never a 5xx, and every error an OpenAI-shaped JSON envelope
 * ({@code {"error":{"message","type","param","code"}}}) with no stack trace or exception name in it.
 */
public final class AnswerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerCheck() {
    }

    /** What is wrong with the answer, or null when nothing is. A request that got no answer is not judged here. */
    public static String problem(HostileRequest request, RawAnswer answer) {
        if (!answer.answered()) {
            return null;
        }
        if (answer.status() >= 500) {
            return "HTTP " + answer.status();
        }
        if (answer.status() < 400 || request.requestLine().startsWith("HEAD ")) {
            return null;
        }
        String body = answer.bodyText();
        if (body.contains("\tat ") || body.contains("at dev.reprise.") || body.contains("at io.helidon.")
                || body.contains("Exception")) {
            return "HTTP " + answer.status() + " with a stack trace or exception name";
        }
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "HTTP " + answer.status() + " with content-type " + type;
        }
        JsonNode error;
        try {
            error = JSON.readTree(answer.body()).get("error");
        } catch (IOException e) {
            return "HTTP " + answer.status() + " whose body is not JSON";
        }
        if (error == null || !error.isObject() || !error.path("message").isTextual()
                || error.path("message").asText().isBlank() || !error.path("type").isTextual()
                || !error.has("param") || !error.has("code")) {
            return "HTTP " + answer.status() + " whose body is not OpenAI's error envelope";
        }
        return null;
    }
}
