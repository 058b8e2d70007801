package dev.reprise.gateway.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.JsonErrorPath;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.MessageContent;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Reads a chat completion body into the wire record, turning Jackson's failures into 400s that name the
 * field in {@code param} the way OpenAI does ({@code messages[0].content}). Unknown fields are ignored,
 * as OpenAI adds fields faster than any gateway.
 */
public final class RequestParser {

    /** Stricter than the shared mapper on numbers: 1.5 is not a valid max_tokens. */
    private static final ObjectReader READER = WireJson.mapper().readerFor(ChatCompletionRequest.class)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @throws dev.reprise.gateway.error.GatewayException 400 describing the first problem
     */
    public ChatCompletionRequest parse(byte[] body) {
        if (isBlank(body)) {
            throw GatewayError.invalidRequest("The request body is empty; send a JSON object with model and messages.",
                    null).toException();
        }
        try {
            ChatCompletionRequest request = READER.readValue(body);
            if (request == null) {
                throw GatewayError.invalidRequest("The request body must be a JSON object.", null).toException();
            }
            return request;
        } catch (StreamReadException e) {
            throw malformed(e);
        } catch (JsonMappingException e) {
            // Broken JSON met while binding a field arrives wrapped, with the field's path.
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof StreamReadException broken) {
                    throw malformed(broken);
                }
            }
            throw GatewayError.invalidRequest(describe(e), paramOf(e)).toException();
        } catch (JsonProcessingException e) {
            throw GatewayError.invalidRequest("We could not parse the JSON body of your request.", null).toException();
        } catch (IOException e) {
            throw new IllegalStateException("reading from a byte array cannot fail", e);
        }
    }

    private static RuntimeException malformed(StreamReadException e) {
        return GatewayError.invalidRequest("We could not parse the JSON body of your request: "
                + e.getOriginalMessage(), null).toException();
    }

    private static String describe(JsonMappingException e) {
        String param = paramOf(e);
        if (param == null) {
            return "The request body must be a JSON object.";
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return "Invalid value for '" + param + "': " + iae.getMessage() + ".";
        }
        if (e instanceof InvalidFormatException f) {
            return "Invalid value for '" + param + "': expected " + expected(f.getTargetType()) + ", got '"
                    + f.getValue() + "'.";
        }
        if (e instanceof MismatchedInputException m) {
            return "Invalid type for '" + param + "': expected " + expected(m.getTargetType()) + ".";
        }
        Throwable cause = e.getCause();
        return "Invalid value for '" + param + "'" + (cause instanceof IllegalArgumentException
                ? ": " + cause.getMessage() + "." : ".");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == MessageContent.class) {
            return "a string or an array of content parts";
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
            return "one of the allowed strings";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another type";
    }

    /** The JSON path of the failure as OpenAI writes it, or null at the top level. */
    static String paramOf(JsonMappingException e) {
        return JsonErrorPath.of(e);
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
