package dev.reprise.models.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ContentPart;
import dev.reprise.models.wire.ResponseFormat;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.ToolDefinition;
import dev.reprise.models.wire.WireJson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI chat request as a LangChain4j {@link ChatRequest}: the messages of every role, and the
 * parameters every provider shares. Providers add or drop their own parameters on the builder.
 */
public final class RequestTranslation {

    private static final Pattern DATA_URL = Pattern.compile("^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$", Pattern.DOTALL);

    private RequestTranslation() {
    }

    public static ChatRequest chatRequest(ChatCompletionRequest request, ChatRequestParameters parameters) {
        if (request.messages() == null || request.messages().isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        return ChatRequest.builder().messages(messages(request.messages())).parameters(parameters).build();
    }

    /**
     * Sets the model and the shared sampling, tool and format parameters on a provider's builder.
     *
     * @param schemas how the provider's LangChain4j module can take the client's JSON schemas
     */
    public static <B extends DefaultChatRequestParameters.Builder<B>> B common(B builder, ChatCompletionRequest request,
                                                                              String upstreamModel,
                                                                              JsonSchemaTranslation.Style schemas) {
        builder.modelName(upstreamModel)
                .temperature(request.temperature())
                .topP(request.topP())
                .maxOutputTokens(request.maxOutputTokens())
                .presencePenalty(request.presencePenalty())
                .frequencyPenalty(request.frequencyPenalty());
        if (request.stop() != null && !request.stop().isEmpty()) {
            builder.stopSequences(request.stop());
        }
        tools(builder, request, schemas);
        dev.langchain4j.model.chat.request.ResponseFormat format = responseFormat(request.responseFormat(), schemas);
        if (format != null) {
            builder.responseFormat(format);
        }
        return builder;
    }

    /** True when the client asked for JSON without a schema ({@code json_object}). */
    public static boolean asksForSchemalessJson(ChatCompletionRequest request) {
        return request.responseFormat() != null && ResponseFormat.JSON_OBJECT.equals(request.responseFormat().type());
    }

    /** The seed as LangChain4j takes it (an int), or null when absent or out of range. */
    public static Integer seed(ChatCompletionRequest request) {
        Long seed = request.seed();
        return seed == null || seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE ? null : seed.intValue();
    }

    /**
     * Refuses images given by web URL, for providers whose LangChain4j module would download them
     * inside the gateway (without our timeouts, and from any address a client names).
     */
    public static void requireInlineImages(ChatCompletionRequest request) {
        if (request.messages() == null) {
            return;
        }
        for (ChatMessage m : request.messages()) {
            if (m != null && m.content() != null && m.content().parts() != null) {
                for (ContentPart part : m.content().parts()) {
                    if (part.imageUrl() != null && part.imageUrl().url() != null
                            && !DATA_URL.matcher(part.imageUrl().url()).matches()) {
                        throw new IllegalArgumentException("this provider takes images as base64 data URLs only");
                    }
                }
            }
        }
    }

    /**
     * Refuses tool-call arguments in the history that are not a JSON object, for providers whose LangChain4j module
     * parses them into one (Gemini, Ollama): its parse error would otherwise read as an unreadable upstream answer, a
     * 502 for the client's own request. OpenAI-style upstreams take the string as it is.
     */
    public static void requireJsonObjectToolArguments(ChatCompletionRequest request) {
        if (request.messages() == null) {
            return;
        }
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage m = request.messages().get(i);
            if (m == null || m.toolCalls() == null) {
                continue;
            }
            for (int j = 0; j < m.toolCalls().size(); j++) {
                ToolCall call = m.toolCalls().get(j);
                String arguments = call == null || call.function() == null ? null : call.function().arguments();
                if (arguments != null && !arguments.isBlank() && !isJsonObject(arguments)) {
                    throw new IllegalArgumentException("messages[" + i + "].tool_calls[" + j + "].function.arguments "
                            + "is not a JSON object, which this provider needs");
                }
            }
        }
    }

    private static boolean isJsonObject(String text) {
        try {
            return WireJson.mapper().readTree(text) instanceof ObjectNode;
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }

    public static boolean hasTools(ChatCompletionRequest request) {
        return request.tools() != null && !request.tools().isEmpty();
    }

    public static List<dev.langchain4j.data.message.ChatMessage> messages(List<ChatMessage> messages) {
        Map<String, String> toolNames = new HashMap<>();
        for (ChatMessage m : messages) {
            if (m.toolCalls() != null) {
                for (ToolCall call : m.toolCalls()) {
                    if (call.id() != null && call.function() != null) {
                        toolNames.put(call.id(), call.function().name());
                    }
                }
            }
        }
        List<dev.langchain4j.data.message.ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m == null || m.role() == null) {
                throw new IllegalArgumentException("every message needs a role");
            }
            switch (m.role()) {
                case SYSTEM, DEVELOPER -> {
                    // LangChain4j refuses blank system messages; a blank one says nothing anyway.
                    if (!m.text().isBlank()) {
                        out.add(SystemMessage.from(m.text()));
                    }
                }
                case USER -> out.add(user(m));
                case ASSISTANT -> out.add(assistant(m));
                case TOOL -> out.add(ToolExecutionResultMessage.from(m.toolCallId(),
                        toolNames.getOrDefault(m.toolCallId(), m.name()), m.text()));
            }
        }
        return out;
    }

    private static UserMessage user(ChatMessage m) {
        if (m.content() == null || m.content().parts() == null) {
            return m.name() == null ? UserMessage.from(m.text()) : UserMessage.from(m.name(), m.text());
        }
        List<Content> contents = new ArrayList<>();
        for (ContentPart part : m.content().parts()) {
            if (ContentPart.TEXT.equals(part.type())) {
                contents.add(TextContent.from(part.text() == null ? "" : part.text()));
            } else if (ContentPart.IMAGE_URL.equals(part.type()) && part.imageUrl() != null) {
                contents.add(image(part.imageUrl()));
            } else {
                throw new IllegalArgumentException("content part type '" + part.type() + "' is not supported");
            }
        }
        if (contents.isEmpty()) {
            contents.add(TextContent.from(""));
        }
        return m.name() == null ? UserMessage.from(contents) : UserMessage.from(m.name(), contents);
    }

    private static ImageContent image(ContentPart.ImageUrl image) {
        ImageContent.DetailLevel detail = switch (image.detail() == null ? "auto" : image.detail().toLowerCase(Locale.ROOT)) {
            case "low" -> ImageContent.DetailLevel.LOW;
            case "high" -> ImageContent.DetailLevel.HIGH;
            default -> ImageContent.DetailLevel.AUTO;
        };
        String url = image.url();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("image_url.url must not be empty");
        }
        Matcher data = DATA_URL.matcher(url);
        if (data.matches()) {
            return ImageContent.from(data.group(2), data.group(1), detail);
        }
        // LangChain4j modules read file: URLs from the local disk: only web URLs may pass.
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            throw new IllegalArgumentException("image_url must be an https, http or base64 data URL");
        }
        return ImageContent.from(url, detail);
    }

    private static AiMessage assistant(ChatMessage m) {
        List<ToolExecutionRequest> requests = new ArrayList<>();
        if (m.toolCalls() != null) {
            for (ToolCall call : m.toolCalls()) {
                requests.add(ToolExecutionRequest.builder()
                        .id(call.id())
                        .name(call.function() == null ? null : call.function().name())
                        .arguments(call.function() == null ? "{}" : call.function().arguments())
                        .build());
            }
        }
        String text = m.content() == null ? null : m.text();
        return AiMessage.builder()
                .text(text == null && requests.isEmpty() ? "" : text)
                .toolExecutionRequests(requests)
                .build();
    }

    private static <B extends DefaultChatRequestParameters.Builder<B>> void tools(B builder, ChatCompletionRequest request,
                                                                                JsonSchemaTranslation.Style schemas) {
        if (!hasTools(request)) {
            return;
        }
        JsonNode choice = request.toolChoice();
        String forced = choice != null && choice.isObject() ? choice.path("function").path("name").asText(null) : null;
        List<ToolSpecification> specifications = new ArrayList<>();
        for (ToolDefinition tool : request.tools()) {
            if (tool.function() == null || tool.function().name() == null) {
                throw new IllegalArgumentException("every tool needs a function with a name");
            }
            // A forced function becomes "required" over that function alone: every provider can say that.
            if (forced == null || forced.equals(tool.function().name())) {
                specifications.add(ToolSpecification.builder()
                        .name(tool.function().name())
                        .description(tool.function().description())
                        .parameters(JsonSchemaTranslation.parameters(tool.function().parameters(), schemas))
                        .strict(tool.function().strict())
                        .build());
            }
        }
        if (specifications.isEmpty()) {
            throw new IllegalArgumentException("tool_choice names function '" + forced + "', which is not among the tools");
        }
        builder.toolSpecifications(specifications);
        if (forced != null) {
            builder.toolChoice(ToolChoice.REQUIRED);
        } else if (choice != null && choice.isTextual()) {
            builder.toolChoice(switch (choice.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "required" -> ToolChoice.REQUIRED;
                case "none" -> ToolChoice.NONE;
                default -> throw new IllegalArgumentException("tool_choice '" + choice.asText()
                        + "' is not one of auto, required, none or a named function");
            });
        }
    }

    private static dev.langchain4j.model.chat.request.ResponseFormat responseFormat(ResponseFormat format,
                                                                                    JsonSchemaTranslation.Style schemas) {
        if (format == null || format.type() == null || ResponseFormat.TEXT.equals(format.type())) {
            return null;
        }
        return switch (format.type()) {
            case ResponseFormat.JSON_OBJECT -> dev.langchain4j.model.chat.request.ResponseFormat.JSON;
            case ResponseFormat.JSON_SCHEMA -> {
                ResponseFormat.JsonSchema schema = format.jsonSchema();
                if (schema == null || schema.schema() == null) {
                    throw new IllegalArgumentException("response_format json_schema needs json_schema.schema");
                }
                yield dev.langchain4j.model.chat.request.ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(schema.name() == null ? "response" : schema.name())
                                .rootElement(JsonSchemaTranslation.root(schema.schema(), schemas))
                                .build())
                        .build();
            }
            default -> throw new IllegalArgumentException("response_format type '" + format.type() + "' is not supported");
        };
    }
}
