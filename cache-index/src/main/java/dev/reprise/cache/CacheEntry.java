package dev.reprise.cache;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One cached answer: an opaque payload plus what the cache needs to find, expire and audit it.
 * Build it with {@link #builder()}; instants are truncated to milliseconds, the precision the index stores.
 *
 * <p>The arrays are not copied (payloads can be large): treat {@code vector} and {@code payload} as immutable.
 *
 * @param id               random UUID unless given
 * @param namespace        hex hash of everything besides the last user message (computed by the gateway)
 * @param tenant           the caller's tenant
 * @param modelAlias       the model alias the answer came from
 * @param matchedText      the normalised last user message, for audit and the hit guards
 * @param exactKey         hash of namespace and normalised text, computed by the caller
 * @param vector           L2-normalised embedding of {@code matchedText}, or null for an exact-only entry
 * @param payload          the serialized response, opaque here
 * @param promptTokens     prompt tokens the original call used
 * @param completionTokens completion tokens the original call used
 * @param costUsd          what the original call cost
 * @param createdAt        when it was stored
 * @param expiresAt        when it stops being served, or null for never
 * @param hitCount         how often it was served from the cache
 * @param lastHitAt        when it was last served, or null if never
 */
public record CacheEntry(
        String id,
        String namespace,
        String tenant,
        String modelAlias,
        String matchedText,
        String exactKey,
        float[] vector,
        byte[] payload,
        long promptTokens,
        long completionTokens,
        double costUsd,
        Instant createdAt,
        Instant expiresAt,
        long hitCount,
        Instant lastHitAt) {

    public CacheEntry {
        requireText(id, "id");
        requireText(namespace, "namespace");
        requireText(tenant, "tenant");
        requireText(modelAlias, "modelAlias");
        Objects.requireNonNull(matchedText, "matchedText");
        requireText(exactKey, "exactKey");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
        requireNonNegative(promptTokens, "promptTokens");
        requireNonNegative(completionTokens, "completionTokens");
        requireNonNegative(hitCount, "hitCount");
        if (!(costUsd >= 0)) {
            throw new IllegalArgumentException("costUsd must be >= 0, got " + costUsd);
        }
        if (vector != null) {
            UnitVectors.requireUnitLength(vector, "vector");
        }
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS);
        lastHitAt = lastHitAt == null ? null : lastHitAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id).namespace(namespace).tenant(tenant).modelAlias(modelAlias)
                .matchedText(matchedText).exactKey(exactKey).vector(vector).payload(payload)
                .promptTokens(promptTokens).completionTokens(completionTokens).costUsd(costUsd)
                .createdAt(createdAt).expiresAt(expiresAt).hitCount(hitCount).lastHitAt(lastHitAt);
    }

    /** True when the entry must no longer be served at {@code now}; an entry without expiry never expires. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** When the entry was last useful: the last hit, or its creation if it was never hit. Eviction uses this. */
    public Instant lastUsedAt() {
        return lastHitAt == null || lastHitAt.isBefore(createdAt) ? createdAt : lastHitAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheEntry e
                && id.equals(e.id) && namespace.equals(e.namespace) && tenant.equals(e.tenant)
                && modelAlias.equals(e.modelAlias) && matchedText.equals(e.matchedText)
                && exactKey.equals(e.exactKey) && Arrays.equals(vector, e.vector)
                && Arrays.equals(payload, e.payload) && promptTokens == e.promptTokens
                && completionTokens == e.completionTokens && Double.compare(costUsd, e.costUsd) == 0
                && createdAt.equals(e.createdAt) && Objects.equals(expiresAt, e.expiresAt)
                && hitCount == e.hitCount && Objects.equals(lastHitAt, e.lastHitAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, namespace, exactKey, createdAt, hitCount) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "CacheEntry[id=" + id + ", namespace=" + namespace + ", tenant=" + tenant
                + ", modelAlias=" + modelAlias + ", matchedText=" + matchedText + ", exactKey=" + exactKey
                + ", vector=" + (vector == null ? "none" : vector.length + "d") + ", payload=" + payload.length + "B"
                + ", promptTokens=" + promptTokens + ", completionTokens=" + completionTokens
                + ", costUsd=" + costUsd + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", hitCount=" + hitCount + ", lastHitAt=" + lastHitAt + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty string, got " + (value == null ? "null" : "\"\""));
        }
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Collects the fields of a {@link CacheEntry}; {@code id} defaults to a random UUID, counters to zero. */
    public static final class Builder {
        private String id;
        private boolean idGiven;
        private String namespace;
        private String tenant;
        private String modelAlias;
        private String matchedText;
        private String exactKey;
        private float[] vector;
        private byte[] payload;
        private long promptTokens;
        private long completionTokens;
        private double costUsd;
        private Instant createdAt;
        private Instant expiresAt;
        private long hitCount;
        private Instant lastHitAt;

        private Builder() {
        }

        public Builder id(String id) { this.id = id; this.idGiven = true; return this; }
        public Builder namespace(String namespace) { this.namespace = namespace; return this; }
        public Builder tenant(String tenant) { this.tenant = tenant; return this; }
        public Builder modelAlias(String modelAlias) { this.modelAlias = modelAlias; return this; }
        public Builder matchedText(String matchedText) { this.matchedText = matchedText; return this; }
        public Builder exactKey(String exactKey) { this.exactKey = exactKey; return this; }
        public Builder vector(float[] vector) { this.vector = vector; return this; }
        public Builder payload(byte[] payload) { this.payload = payload; return this; }
        public Builder promptTokens(long promptTokens) { this.promptTokens = promptTokens; return this; }
        public Builder completionTokens(long completionTokens) { this.completionTokens = completionTokens; return this; }
        public Builder costUsd(double costUsd) { this.costUsd = costUsd; return this; }
        public Builder createdAt(Instant createdAt) { this.createdAt = createdAt; return this; }
        public Builder expiresAt(Instant expiresAt) { this.expiresAt = expiresAt; return this; }
        public Builder hitCount(long hitCount) { this.hitCount = hitCount; return this; }
        public Builder lastHitAt(Instant lastHitAt) { this.lastHitAt = lastHitAt; return this; }

        public CacheEntry build() {
            // Drawn here, not when the builder is made: a copy through toBuilder() keeps its id and draws none.
            return new CacheEntry(idGiven ? id : UUID.randomUUID().toString(), namespace, tenant, modelAlias,
                    matchedText, exactKey, vector, payload, promptTokens, completionTokens, costUsd, createdAt,
                    expiresAt, hitCount, lastHitAt);
        }
    }
}
