package dev.reprise.gateway.stage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.JsonErrorPath;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.WireTypeMismatch;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a chat completion body into the wire record with {@link ClientJson}'s strict rules, turning Jackson's
 * failures into 400s that name the field in {@code param} the way OpenAI does ({@code messages[0].content}).
 * Unknown fields are ignored, as OpenAI adds fields faster than any gateway; messages quote the client's
 * values only through {@link ClientValue}.
 */
public final class RequestParser {

    private static final ObjectReader READER = ClientJson.mapper().readerFor(ChatCompletionRequest.class);
    /** Jackson raises a repeated key as a plain parse error; only its message tells it apart. */
    private static final String DUPLICATE_KEY_MESSAGE = "Duplicate field ";

    /**
     * @throws dev.reprise.gateway.error.GatewayException 400 describing the first problem
     */
    public ChatCompletionRequest parse(byte[] body) {
        if (isBlank(body)) {
            throw GatewayError.invalidRequest("The request body is empty; send a JSON object with model and messages.",
                    null).toException();
        }
        try {
            return notNull(READER.readValue(body));
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /** Binds a JSON object already read with {@link ClientJson} (the admin dry run), refusing as {@link #parse} does. */
    public ChatCompletionRequest bind(JsonNode tree) {
        try {
            return notNull(READER.readValue(tree));
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    private static ChatCompletionRequest notNull(ChatCompletionRequest request) {
        if (request == null) {
            throw GatewayError.invalidRequest("The request body must be a JSON object.", null).toException();
        }
        return request;
    }

    private static RuntimeException refusal(IOException e) {
        if (e instanceof StreamReadException broken) {
            return malformed(broken);
        }
        if (e instanceof JsonMappingException mapping) {
            // Broken JSON met while binding a field arrives wrapped, with the field's path.
            for (Throwable c = mapping.getCause(); c != null; c = c.getCause()) {
                if (c instanceof StreamReadException broken) {
                    return malformed(broken);
                }
            }
            return GatewayError.invalidRequest(describe(mapping), JsonErrorPath.of(mapping)).toException();
        }
        if (e instanceof JsonProcessingException) {
            return GatewayError.invalidRequest("We could not parse the JSON body of your request.", null).toException();
        }
        // Reading from memory fails only in decoding: leading zero bytes make Jackson read UTF-32, whose decoder
        // throws a plain CharConversionException on what follows.
        return GatewayError.invalidRequest("We could not parse the JSON body of your request: it is not valid UTF-8 "
                + "text.", null).toException();
    }

    private static RuntimeException malformed(StreamReadException e) {
        String at = e.getProcessor() instanceof JsonParser p ? JsonErrorPath.of(p.getParsingContext()) : null;
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (at != null && original.startsWith(DUPLICATE_KEY_MESSAGE)) {
            return GatewayError.invalidRequest("Duplicate key " + ClientValue.quote(at)
                    + " in the JSON body: each key may appear only once in an object.", at).toException();
        }
        if (at != null && e instanceof InputCoercionException range) {
            return GatewayError.invalidRequest("Invalid value for " + ClientValue.quote(at) + ": expected "
                    + expected(range.getTargetType()) + ", got a number out of its range.", at).toException();
        }
        // Jackson cuts the tokens it quotes (256 characters); GatewayError bounds the rest.
        return GatewayError.invalidRequest("We could not parse the JSON body of your request: " + original, null)
                .toException();
    }

    private static String describe(JsonMappingException e) {
        String param = JsonErrorPath.of(e);
        if (param == null) {
            return "The request body must be a JSON object.";
        }
        String field = ClientValue.quote(param);
        if (e instanceof WireTypeMismatch w) {
            return "Invalid type for " + field + ": expected " + w.expected() + ".";
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return "Invalid value for " + field + ": " + ClientValue.truncate(iae.getMessage()) + ".";
        }
        if (e instanceof InvalidFormatException f) {
            // An unknown enum name is a wrong value; anything else here is a JSON type Jackson would have coerced.
            boolean wrongValue = f.getTargetType() != null && f.getTargetType().isEnum();
            return (wrongValue ? "Invalid value for " : "Invalid type for ") + field + ": expected "
                    + expected(f.getTargetType()) + ", got " + shown(f.getValue()) + ".";
        }
        if (e instanceof MismatchedInputException m) {
            return "Invalid type for " + field + ": expected " + expected(m.getTargetType()) + ".";
        }
        Throwable cause = e.getCause();
        return "Invalid value for " + field + (cause instanceof IllegalArgumentException
                ? ": " + ClientValue.truncate(cause.getMessage()) + "." : ".");
    }

    private static String shown(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? "an empty string" : "the string " + ClientValue.quote(s);
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return value == null ? "null" : ClientValue.truncate(String.valueOf(value));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> "'" + ClientJson.mapper().convertValue(c, String.class) + "'")
                    .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another type";
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
