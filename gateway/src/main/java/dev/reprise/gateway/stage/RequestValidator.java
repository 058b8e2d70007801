package dev.reprise.gateway.stage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ContentPart;
import dev.reprise.models.wire.ResponseFormat;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.ToolDefinition;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed request against OpenAI's rules for the fields Reprise acts on, so a bad request gets a
 * 400 naming the field instead of an upstream error (or worse, a cached answer to a request no model
 * would accept). Stops at the first problem, as OpenAI does.
 */
public final class RequestValidator {

    public static final double MAX_TEMPERATURE = 2.0;
    public static final double MAX_TOP_P = 1.0;
    public static final double MAX_PENALTY = 2.0;
    public static final int MAX_STOP_SEQUENCES = 4;
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> TOOL_CHOICE_WORDS = Set.of("none", "auto", "required");

    /**
     * @throws dev.reprise.gateway.error.GatewayException 400 describing the first problem
     */
    public void validate(ChatCompletionRequest r) {
        if (r.model() == null || r.model().isBlank()) {
            throw fail("model", "you must provide a model parameter.");
        }
        validateMessages(r.messages());
        range("temperature", r.temperature(), 0, MAX_TEMPERATURE);
        range("top_p", r.topP(), 0, MAX_TOP_P);
        range("presence_penalty", r.presencePenalty(), -MAX_PENALTY, MAX_PENALTY);
        range("frequency_penalty", r.frequencyPenalty(), -MAX_PENALTY, MAX_PENALTY);
        positive("max_tokens", r.maxTokens());
        positive("max_completion_tokens", r.maxCompletionTokens());
        if (r.n() != null && r.n() > 1) {
            throw fail("n", "n > 1 is not supported by this gateway; send one request per completion.");
        }
        if (r.n() != null && r.n() < 1) {
            throw fail("n", "Invalid value for 'n': must be at least 1, got " + r.n() + ".");
        }
        if (r.stop() != null && r.stop().size() > MAX_STOP_SEQUENCES) {
            throw fail("stop", "Invalid value for 'stop': at most " + MAX_STOP_SEQUENCES + " sequences, got "
                    + r.stop().size() + ".");
        }
        if (r.streamOptions() != null && !r.isStreaming()) {
            throw fail("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is true.");
        }
        validateTools(r.tools(), r.toolChoice());
        validateResponseFormat(r.responseFormat());
    }

    private static void validateMessages(List<ChatMessage> messages) {
        if (messages == null) {
            throw fail("messages", "Missing required parameter: 'messages'.");
        }
        if (messages.isEmpty()) {
            throw fail("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages[" + i + "]";
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw fail(at, "Invalid type for '" + at + "': expected an object, got null.");
            }
            if (m.role() == null) {
                throw fail(at + ".role", "Missing required parameter: '" + at + ".role'.");
            }
            boolean toolCalls = m.toolCalls() != null && !m.toolCalls().isEmpty();
            if (m.content() == null && !(m.role() == Role.ASSISTANT && (toolCalls || m.refusal() != null))) {
                throw fail(at + ".content", "Missing required parameter: '" + at + ".content'.");
            }
            if (m.content() != null && m.content().parts() != null) {
                validateParts(at + ".content", m.content().parts());
            }
            if (m.role() == Role.TOOL && (m.toolCallId() == null || m.toolCallId().isBlank())) {
                throw fail(at + ".tool_call_id", "Missing required parameter: '" + at + ".tool_call_id'.");
            }
            if (toolCalls) {
                if (m.role() != Role.ASSISTANT) {
                    throw fail(at + ".tool_calls", "Only assistant messages may have 'tool_calls'.");
                }
                validateToolCalls(at + ".tool_calls", m.toolCalls());
            }
        }
    }

    private static void validateParts(String at, List<ContentPart> parts) {
        for (int j = 0; j < parts.size(); j++) {
            String p = at + "[" + j + "]";
            ContentPart part = parts.get(j);
            if (part == null || part.type() == null) {
                throw fail(p + ".type", "Missing required parameter: '" + p + ".type'.");
            }
            switch (part.type()) {
                case ContentPart.TEXT -> {
                    if (part.text() == null) {
                        throw fail(p + ".text", "Missing required parameter: '" + p + ".text'.");
                    }
                }
                case ContentPart.IMAGE_URL -> {
                    if (part.imageUrl() == null || part.imageUrl().url() == null || part.imageUrl().url().isBlank()) {
                        throw fail(p + ".image_url.url", "Missing required parameter: '" + p + ".image_url.url'.");
                    }
                }
                default -> throw fail(p + ".type", "Invalid value for '" + p + ".type': " + ClientValue.quote(part.type())
                        + " is not supported; use 'text' or 'image_url'.");
            }
        }
    }

    private static void validateToolCalls(String at, List<ToolCall> calls) {
        for (int k = 0; k < calls.size(); k++) {
            String c = at + "[" + k + "]";
            ToolCall call = calls.get(k);
            if (call == null || call.id() == null || call.id().isBlank()) {
                throw fail(c + ".id", "Missing required parameter: '" + c + ".id'.");
            }
            if (call.function() == null || call.function().name() == null || call.function().name().isBlank()) {
                throw fail(c + ".function.name", "Missing required parameter: '" + c + ".function.name'.");
            }
        }
    }

    private static void validateTools(List<ToolDefinition> tools, JsonNode toolChoice) {
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                String at = "tools[" + i + "]";
                ToolDefinition t = tools.get(i);
                if (t == null) {
                    throw fail(at, "Invalid type for '" + at + "': expected an object, got null.");
                }
                if (t.type() != null && !ToolCall.FUNCTION.equals(t.type())) {
                    throw fail(at + ".type", "Invalid value for '" + at + ".type': " + ClientValue.quote(t.type())
                            + " is not supported; use 'function'.");
                }
                if (t.function() == null) {
                    throw fail(at + ".function", "Missing required parameter: '" + at + ".function'.");
                }
                String name = t.function().name();
                if (name == null || name.isBlank()) {
                    throw fail(at + ".function.name", "Missing required parameter: '" + at + ".function.name'.");
                }
                if (!FUNCTION_NAME.matcher(name).matches()) {
                    throw fail(at + ".function.name", "Invalid '" + at + ".function.name': " + ClientValue.quote(name)
                            + " must be 1-64 letters, digits, underscores or dashes.");
                }
            }
        }
        if (toolChoice == null || toolChoice.isNull()) {
            return;
        }
        if (toolChoice.isTextual()) {
            if (!TOOL_CHOICE_WORDS.contains(toolChoice.asText())) {
                throw fail("tool_choice", "Invalid value for 'tool_choice': " + ClientValue.quote(toolChoice.asText())
                        + "; expected 'none', 'auto', 'required' or a function.");
            }
            if (!"none".equals(toolChoice.asText()) && (tools == null || tools.isEmpty())) {
                throw fail("tool_choice", "'tool_choice' is only allowed when 'tools' are specified.");
            }
            return;
        }
        String name = toolChoice.path("function").path("name").asText("");
        if (!toolChoice.isObject() || name.isBlank()) {
            throw fail("tool_choice", "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or "
                    + "{\"type\":\"function\",\"function\":{\"name\":...}}.");
        }
        boolean known = tools != null && tools.stream()
                .anyMatch(t -> t != null && t.function() != null && name.equals(t.function().name()));
        if (!known) {
            throw fail("tool_choice", "Invalid value for 'tool_choice': no tool named " + ClientValue.quote(name) + " in 'tools'.");
        }
    }

    private static void validateResponseFormat(ResponseFormat f) {
        if (f == null) {
            return;
        }
        if (f.type() == null) {
            throw fail("response_format.type", "Missing required parameter: 'response_format.type'.");
        }
        switch (f.type()) {
            case ResponseFormat.TEXT, ResponseFormat.JSON_OBJECT -> {
            }
            case ResponseFormat.JSON_SCHEMA -> {
                if (f.jsonSchema() == null || f.jsonSchema().name() == null || f.jsonSchema().name().isBlank()) {
                    throw fail("response_format.json_schema.name",
                            "Missing required parameter: 'response_format.json_schema.name'.");
                }
            }
            default -> throw fail("response_format.type", "Invalid value for 'response_format.type': "
                    + ClientValue.quote(f.type()) + "; expected 'text', 'json_object' or 'json_schema'.");
        }
    }

    private static void range(String param, Double value, double min, double max) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw fail(param, "Invalid value for '" + param + "': expected a number between " + trim(min) + " and "
                    + trim(max) + ", got " + value + ".");
        }
    }

    private static void positive(String param, Integer value) {
        if (value != null && value <= 0) {
            throw fail(param, "Invalid value for '" + param + "': expected an integer greater than 0, got " + value + ".");
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static RuntimeException fail(String param, String message) {
        return GatewayError.invalidRequest(message, param).toException();
    }
}
