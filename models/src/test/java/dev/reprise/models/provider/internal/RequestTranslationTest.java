package dev.reprise.models.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ContentPart;
import dev.reprise.models.wire.MessageContent;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.ToolCall;
import dev.reprise.models.wire.ToolDefinition;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestTranslationTest {

    /** The common parameters on a plain LangChain4j builder. */
    private static final class Params extends DefaultChatRequestParameters.Builder<Params> {
    }

    private static ChatRequestParameters translate(ChatCompletionRequest request) {
        return RequestTranslation.common(new Params(), request, "m", JsonSchemaTranslation.Style.TYPED).build();
    }

    private static JsonNode json(String text) throws Exception {
        return WireJson.mapper().readTree(text);
    }

    private static ToolDefinition tool(String name) throws Exception {
        return new ToolDefinition("function", new ToolDefinition.Function(name, null,
                json("{\"type\":\"object\",\"properties\":{}}"), null));
    }

    private static ChatCompletionRequest withTools(JsonNode toolChoice) throws Exception {
        return new ChatCompletionRequest("a", List.of(ChatMessage.user("hi")), null, null, null, null, null, null, null,
                null, null, List.of(tool("first"), tool("second")), toolChoice, null, null, null, null, null, null);
    }

    @Test
    void should_translate_every_role() {
        var messages = RequestTranslation.messages(List.of(
                new ChatMessage(Role.DEVELOPER, MessageContent.of("Rules."), null, null, null, null),
                ChatMessage.system(" "),
                ChatMessage.user("Weather?"),
                ChatMessage.assistant("Let me look.", List.of(ToolCall.function("call_1", "get_weather", "{}"))),
                ChatMessage.tool("call_1", "sunny")));

        assertEquals(4, messages.size(), "the blank system message is dropped");
        assertEquals("Rules.", assertInstanceOf(SystemMessage.class, messages.get(0)).text());
        assertEquals("Weather?", assertInstanceOf(UserMessage.class, messages.get(1)).singleText());
        AiMessage ai = assertInstanceOf(AiMessage.class, messages.get(2));
        assertEquals("Let me look.", ai.text());
        assertEquals("call_1", ai.toolExecutionRequests().get(0).id());
        ToolExecutionResultMessage result = assertInstanceOf(ToolExecutionResultMessage.class, messages.get(3));
        assertEquals("get_weather", result.toolName(), "the name is found from the call the result answers");
        assertEquals("sunny", result.text());
    }

    @Test
    void should_translate_images_by_url_and_by_data() {
        UserMessage user = (UserMessage) RequestTranslation.messages(List.of(new ChatMessage(Role.USER,
                MessageContent.of(List.of(
                        ContentPart.text("Compare"),
                        ContentPart.image("https://example.com/cat.png", "high"),
                        ContentPart.image("data:image/jpeg;base64,/9j/4AAQ", null))),
                null, null, null, null))).get(0);

        assertEquals("Compare", assertInstanceOf(TextContent.class, user.contents().get(0)).text());
        ImageContent byUrl = assertInstanceOf(ImageContent.class, user.contents().get(1));
        assertEquals("https://example.com/cat.png", byUrl.image().url().toString());
        assertEquals(ImageContent.DetailLevel.HIGH, byUrl.detailLevel());
        ImageContent byData = assertInstanceOf(ImageContent.class, user.contents().get(2));
        assertEquals("image/jpeg", byData.image().mimeType());
        assertEquals("/9j/4AAQ", byData.image().base64Data());
        assertEquals(ImageContent.DetailLevel.AUTO, byData.detailLevel());
    }

    @Test
    void should_refuse_images_that_are_not_web_or_data_urls() {
        ChatCompletionRequest local = ChatCompletionRequest.of("a", List.of(new ChatMessage(Role.USER,
                MessageContent.of(List.of(ContentPart.image("file:///etc/passwd", null))), null, null, null, null)));
        ChatCompletionRequest web = ChatCompletionRequest.of("a", List.of(new ChatMessage(Role.USER,
                MessageContent.of(List.of(ContentPart.image("https://example.com/cat.png", null))), null, null, null, null)));

        assertThrows(IllegalArgumentException.class, () -> RequestTranslation.messages(local.messages()));
        assertThrows(IllegalArgumentException.class, () -> RequestTranslation.requireInlineImages(web));
        RequestTranslation.messages(web.messages());
    }

    @Test
    void should_force_a_named_function_as_required_over_that_function_alone() throws Exception {
        ChatRequestParameters p = translate(withTools(json("{\"type\":\"function\",\"function\":{\"name\":\"second\"}}")));

        assertEquals(ToolChoice.REQUIRED, p.toolChoice());
        assertEquals(1, p.toolSpecifications().size());
        assertEquals("second", p.toolSpecifications().get(0).name());
    }

    @Test
    void should_map_textual_tool_choices_and_refuse_unknown_ones() throws Exception {
        assertEquals(ToolChoice.NONE, translate(withTools(json("\"none\""))).toolChoice());
        assertEquals(ToolChoice.AUTO, translate(withTools(json("\"auto\""))).toolChoice());
        assertNull(translate(withTools(null)).toolChoice());
        assertThrows(IllegalArgumentException.class, () -> translate(withTools(json("\"sometimes\""))));
        assertThrows(IllegalArgumentException.class,
                () -> translate(withTools(json("{\"type\":\"function\",\"function\":{\"name\":\"third\"}}"))));
    }

    @Test
    void should_keep_only_seeds_that_fit_an_int() {
        ChatCompletionRequest small = new ChatCompletionRequest("a", List.of(ChatMessage.user("hi")), null, null, null,
                null, null, 42L, null, null, null, null, null, null, null, null, null, null, null);
        ChatCompletionRequest huge = new ChatCompletionRequest("a", List.of(ChatMessage.user("hi")), null, null, null,
                null, null, 1L << 40, null, null, null, null, null, null, null, null, null, null, null);

        assertEquals(42, RequestTranslation.seed(small));
        assertNull(RequestTranslation.seed(huge));
    }
}
