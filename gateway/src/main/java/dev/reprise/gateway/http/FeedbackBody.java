package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.error.JsonErrorPath;
import dev.reprise.gateway.ledger.Feedback;
import dev.reprise.gateway.stage.ClientJson;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the body of {@code POST /v1/feedback}, {@code {"request_id", "score"?, "label"?, "comment"?}}, strictly: a
 * field of the wrong type or out of its bounds, an unknown field or a repeated key is a 400 naming it.
 */
final class FeedbackBody {

    private static final Set<String> FIELDS = Set.of("request_id", "score", "label", "comment");

    private FeedbackBody() {
    }

    /** The feedback in {@code body}, given by {@code caller}. */
    static Feedback read(byte[] body, Caller caller) {
        JsonNode node = json(body);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad("Unknown field " + ClientValue.quote(name) + ": feedback takes request_id, score, label and "
                        + "comment.", name);
            }
        }
        String requestId = text(node, "request_id", RequestIdFilter.MAX_LENGTH);
        if (requestId == null) {
            throw bad("'request_id' is required: the x-request-id of the answer the feedback is about.", "request_id");
        }
        if (!RequestIdFilter.isSane(requestId)) {
            throw bad("'request_id' must be a request id as the gateway sends it in x-request-id (letters, digits and "
                    + "._:/+=-, at most " + RequestIdFilter.MAX_LENGTH + "), got " + ClientValue.quote(requestId) + ".",
                    "request_id");
        }
        Double score = score(node);
        String label = text(node, "label", Feedback.MAX_LABEL);
        if (label != null && !Feedback.LABEL.matcher(label).matches()) {
            throw bad("'label' must start with a letter or digit and hold only letters, digits and ._:- (such as "
                    + "accepted or thumbs-down), got " + ClientValue.quote(label) + ".", "label");
        }
        String comment = text(node, "comment", Feedback.MAX_COMMENT);
        if (score == null && label == null) {
            throw bad("Give a 'score' (" + range() + "), a 'label', or both.", "score");
        }
        return new Feedback(requestId, caller.tenant(), caller.keyId(), score, label, comment);
    }

    private static JsonNode json(byte[] body) {
        JsonNode node;
        try {
            node = ClientJson.mapper().readTree(body);
        } catch (StreamReadException e) {
            String at = e.getProcessor() instanceof JsonParser p ? JsonErrorPath.of(p.getParsingContext()) : null;
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (at != null && original.startsWith("Duplicate field")) {
                throw bad("Duplicate key " + ClientValue.quote(at) + " in the JSON body: each key may appear only "
                        + "once.", at);
            }
            throw bad("We could not parse the JSON body of your request.", null);
        } catch (IOException e) {
            throw bad("We could not parse the JSON body of your request.", null);
        }
        if (node == null || !node.isObject()) {
            throw bad("The request body must be a JSON object.", null);
        }
        return node;
    }

    private static Double score(JsonNode node) {
        JsonNode v = node.get("score");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad("Invalid type for 'score': expected a number (" + range() + ").", "score");
        }
        double d = v.doubleValue();
        if (!(d >= Feedback.MIN_SCORE && d <= Feedback.MAX_SCORE)) {
            throw bad("'score' must be " + range() + ", got " + ClientValue.truncate(v.asText()) + ".", "score");
        }
        return d;
    }

    private static String range() {
        return "from " + (int) Feedback.MIN_SCORE + " (bad) to " + (int) Feedback.MAX_SCORE + " (good)";
    }

    /** A string field, null when absent or null; refused when not a string, empty or over {@code max} characters. */
    private static String text(JsonNode node, String name, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad("Invalid type for " + ClientValue.quote(name) + ": expected a string.", name);
        }
        String s = v.textValue();
        if (s.isEmpty()) {
            throw bad(ClientValue.quote(name) + " is empty.", name);
        }
        if (s.length() > max) {
            throw bad(ClientValue.quote(name) + " is " + s.length() + " characters long; at most " + max
                    + " are allowed.", name);
        }
        return s;
    }

    private static GatewayException bad(String message, String param) {
        return GatewayError.invalidRequest(message, param).toException();
    }
}
