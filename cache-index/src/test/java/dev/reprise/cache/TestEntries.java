package dev.reprise.cache;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builders for cache entries with plausible defaults, so tests state only what they are about. */
final class TestEntries {

    private TestEntries() {
    }

    static CacheEntry.Builder entry(String namespace, String text, float[] vector, Instant createdAt) {
        return CacheEntry.builder()
                .namespace(namespace)
                .tenant("tenant-a")
                .modelAlias("gpt-mini")
                .matchedText(text)
                .exactKey(namespace + ":" + text)
                .vector(vector)
                .payload(("{\"answer\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8))
                .promptTokens(12)
                .completionTokens(34)
                .costUsd(0.00042)
                .createdAt(createdAt);
    }
}
