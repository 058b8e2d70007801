package dev.reprise.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;
import dev.reprise.models.wire.WireJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The namespace's bytes: written field by field into the digest, they must be the bytes of the JSON tree earlier
 * versions built, or every stored entry would become unreachable after an upgrade. The reference below is that
 * tree recipe, kept here as the definition.
 */
class CacheNamespaceTest {

    private static final String EMBEDDER = "all-minilm-l6-v2-q";

    static Stream<String> requests() {
        return Stream.of(
                """
                {"model":"m","messages":[{"role":"user","content":"Where is my parcel?"}]}""",
                """
                {"model":"m","messages":[{"role":"system","content":"You are the support bot."},
                 {"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},
                 {"role":"user","content":"Where is my parcel?"}],"temperature":0.7,"top_p":1,"max_tokens":256,
                 "stop":"END","seed":42,"presence_penalty":-0.5,"frequency_penalty":1.25e-3,"user":"u-1",
                 "stream":true,"metadata":{"a":"b"}}""",
                """
                {"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},
                 {"role":"user","name":"ann","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                  "function":{"name":"lookup","arguments":"{\\"order\\": 12}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"shipped"},
                 {"role":"user","content":"And when does it arrive?"}],
                 "tools":[{"type":"function","function":{"name":"lookup","description":"Finds an order",
                  "parameters":{"type":"object","properties":{"order":{"type":"integer","minimum":1.0,
                  "maximum":1e9}},"required":["order"]}}}],
                 "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false,
                 "response_format":{"type":"json_schema","json_schema":{"name":"a","strict":true,
                  "schema":{"type":"object","properties":{"when":{"type":"string"}}}}},
                 "max_completion_tokens":64,"stop":["a","b"]}""",
                """
                {"model":"m","messages":[{"role":"user","content":"caf\\u00e9 \\ud83d\\ude00 \\u0000 \\"q\\""}],
                 "tool_choice":"auto","response_format":{"type":"json_object"},"temperature":0}""");
    }

    @ParameterizedTest
    @MethodSource("requests")
    void should_write_the_bytes_of_the_tree_recipe(String json) throws Exception {
        ChatCompletionRequest request = WireJson.mapper().readValue(json, ChatCompletionRequest.class);
        int last = lastUserIndex(request);

        assertEquals(reference(EMBEDDER, "tenant-a", "support", request, last),
                CacheNamespace.of(EMBEDDER, "tenant-a", "support", request, last).id());
        assertEquals(reference(EMBEDDER, null, null, request, last),
                CacheNamespace.of(EMBEDDER, null, null, request, last).id());
    }

    @Test
    void should_keep_the_namespace_of_a_plain_question_across_versions() throws Exception {
        ChatCompletionRequest request = WireJson.mapper().readValue("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are the support bot.\"},"
                + "{\"role\":\"user\",\"content\":\"Where is my parcel?\"}],\"temperature\":0.2}",
                ChatCompletionRequest.class);
        String id = CacheNamespace.of(EMBEDDER, "tenant-a", "support", request, 1).id();

        // Pinned: a change here orphans every stored entry; bump KEY_VERSION on purpose instead.
        assertEquals(reference(EMBEDDER, "tenant-a", "support", request, 1), id);
        assertEquals(PINNED, id);
        assertNotEquals(id, CacheNamespace.of(EMBEDDER, "tenant-b", "support", request, 1).id());
    }

    private static final String PINNED = "1fd2011f75ce1bed116b02d2859bd9859661a86e41ef0cee86317a9da7602243";

    private static int lastUserIndex(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return i;
            }
        }
        throw new IllegalArgumentException("no user message");
    }

    // The recipe of KEY_VERSION 1 as first written: a JSON tree, serialised by the wire mapper, hashed.
    private static String reference(String embedder, String tenant, String alias, ChatCompletionRequest request,
                                     int lastUserIndex) throws Exception {
        var mapper = WireJson.mapper();
        ObjectNode key = mapper.createObjectNode();
        key.put("v", CacheNamespace.KEY_VERSION);
        key.put("embedder", embedder);
        key.put("tenant", tenant);
        key.put("alias", alias);
        ArrayNode turns = key.putArray("turns");
        for (ChatMessage m : request.messages().subList(0, lastUserIndex)) {
            turns.add(mapper.valueToTree(m));
        }
        key.set("tools", mapper.valueToTree(request.tools()));
        key.set("tool_choice", request.toolChoice());
        key.set("parallel_tool_calls", mapper.valueToTree(request.parallelToolCalls()));
        key.set("response_format", mapper.valueToTree(request.responseFormat()));
        key.set("temperature", mapper.valueToTree(request.temperature()));
        key.set("top_p", mapper.valueToTree(request.topP()));
        key.set("max_tokens", mapper.valueToTree(request.maxOutputTokens()));
        key.set("stop", mapper.valueToTree(request.stop()));
        key.set("seed", mapper.valueToTree(request.seed()));
        key.set("presence_penalty", mapper.valueToTree(request.presencePenalty()));
        key.set("frequency_penalty", mapper.valueToTree(request.frequencyPenalty()));
        return CacheNamespace.sha256(mapper.writeValueAsBytes(key));
    }
}
