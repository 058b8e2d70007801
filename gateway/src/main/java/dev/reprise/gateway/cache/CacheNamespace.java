package dev.reprise.gateway.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reprise.gateway.Sha256;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ResponseFormat;
import dev.reprise.models.wire.ToolDefinition;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
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
        // Written straight into the digest: the same bytes as building the key as a JSON tree and serialising it
        // (what earlier versions did, so stored entries keep their namespaces), without the tree.
        Key key = new Key(KEY_VERSION, embedder, tenant, alias, request.messages().subList(0, lastUserIndex),
                request.tools(), request.toolChoice(), request.parallelToolCalls(), request.responseFormat(),
                request.temperature(), request.topP(), request.maxOutputTokens(), request.stop(), request.seed(),
                request.presencePenalty(), request.frequencyPenalty());
        MessageDigest digest = Sha256.digest();
        try {
            KEY_WRITER.writeValue(new DigestOutputStream(OutputStream.nullOutputStream(), digest), key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a cache key", e);
        }
        return new CacheNamespace(HexFormat.of().formatHex(digest.digest()));
    }

    /** What the namespace hashes, in this order; absent values are written as nulls, as the tree recipe wrote them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"v", "embedder", "tenant", "alias", "turns", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "temperature", "top_p", "max_tokens", "stop", "seed", "presence_penalty",
            "frequency_penalty"})
    private record Key(@JsonProperty("v") int v, @JsonProperty("embedder") String embedder,
                       @JsonProperty("tenant") String tenant, @JsonProperty("alias") String alias,
                       @JsonProperty("turns") List<ChatMessage> turns,
                       @JsonProperty("tools") List<ToolDefinition> tools,
                       @JsonProperty("tool_choice") JsonNode toolChoice,
                       @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
                       @JsonProperty("response_format") ResponseFormat responseFormat,
                       @JsonProperty("temperature") Double temperature, @JsonProperty("top_p") Double topP,
                       @JsonProperty("max_tokens") Integer maxTokens, @JsonProperty("stop") List<String> stop,
                       @JsonProperty("seed") Long seed, @JsonProperty("presence_penalty") Double presencePenalty,
                       @JsonProperty("frequency_penalty") Double frequencyPenalty) {
    }

    private static final ObjectWriter KEY_WRITER = WireJson.mapper().writerFor(Key.class);

    /** The exact-tier key: this namespace plus the normalised text, hashed. */
    public String exactKey(String normalisedText) {
        return sha256((id + "\n" + normalisedText).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }
}
