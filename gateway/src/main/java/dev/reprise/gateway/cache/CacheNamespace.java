package dev.reprise.gateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a request's answer may be reused: a SHA-256 over everything except the last user message
 * that can change the answer. Fail-closed: anything that might matter is in, so two requests share
 * a namespace only when they differ in the last user message alone.
 *
 * <p>In: key version, the embedding model (vectors of two models must never be compared, and both packaged
 * models are 384-d, so an index reopened under the other one would), tenant, model alias, every message before the last user message (system
 * prompts and earlier turns, with roles, names, tool calls and image parts), tools, tool_choice,
 * parallel_tool_calls, response_format and the sampling parameters (temperature, top_p, max tokens,
 * stop, seed, presence and frequency penalties). Out: {@code stream}, {@code stream_options},
 * {@code user} and {@code metadata}, which do not change what the model says.
 */
public record CacheNamespace(String id) {

    /** Bump when the key's recipe changes, so old entries can never match new requests. */
    static final int KEY_VERSION = 1;

    /**
     * The namespace of {@code request} for {@code tenant} and the resolved alias. {@code lastUserIndex}
     * is the index of the message whose text is matched; it and anything after it are left out.
     * {@code embedder} is the id of the model whose vectors the index holds.
     */
    public static CacheNamespace of(String embedder, String tenant, String alias, ChatCompletionRequest request,
                                    int lastUserIndex) {
        ObjectNode key = WireJson.mapper().createObjectNode();
        key.put("v", KEY_VERSION);
        key.put("embedder", embedder);
        key.put("tenant", tenant);
        key.put("alias", alias);
        List<ChatMessage> before = request.messages().subList(0, lastUserIndex);
        ArrayNode turns = key.putArray("turns");
        for (ChatMessage m : before) {
            turns.add(WireJson.mapper().valueToTree(m));
        }
        key.set("tools", WireJson.mapper().valueToTree(request.tools()));
        key.set("tool_choice", request.toolChoice());
        key.set("parallel_tool_calls", WireJson.mapper().valueToTree(request.parallelToolCalls()));
        key.set("response_format", WireJson.mapper().valueToTree(request.responseFormat()));
        key.set("temperature", WireJson.mapper().valueToTree(request.temperature()));
        key.set("top_p", WireJson.mapper().valueToTree(request.topP()));
        key.set("max_tokens", WireJson.mapper().valueToTree(request.maxOutputTokens()));
        key.set("stop", WireJson.mapper().valueToTree(request.stop()));
        key.set("seed", WireJson.mapper().valueToTree(request.seed()));
        key.set("presence_penalty", WireJson.mapper().valueToTree(request.presencePenalty()));
        key.set("frequency_penalty", WireJson.mapper().valueToTree(request.frequencyPenalty()));
        try {
            return new CacheNamespace(sha256(WireJson.mapper().writeValueAsBytes(key)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a cache key", e);
        }
    }

    /** The exact-tier key: this namespace plus the normalised text, hashed. */
    public String exactKey(String normalisedText) {
        return sha256((id + "\n" + normalisedText).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
