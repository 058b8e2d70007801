package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.Lookup;
import dev.reprise.cache.LuceneVectorIndex;
import dev.reprise.cache.SemanticCache;
import dev.reprise.cache.SemanticLookup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a stream through the gateway's own cache: an empty in-memory {@link LuceneVectorIndex}, the exact tier,
 * then the semantic tier of {@link SemanticCache} under a {@link HitPolicy}; every miss is stored, as the gateway
 * stores the provider's answer. The ground truth for {@link StreamSimulation}, which sweeps thresholds faster.
 */
public final class StreamReplay {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private StreamReplay() {
    }

    public static List<LookupOutcome> replay(PreparedStream stream, HitPolicy policy, Progress progress) {
        return replay(stream, policy, null, progress);
    }

    /** The replay under {@code policy}; {@code verifier} reads the candidates when the policy verifies. */
    public static List<LookupOutcome> replay(PreparedStream stream, HitPolicy policy, AnswerVerifier verifier,
                                             Progress progress) {
        IndexOptions options = IndexOptions.builder()
                .maxEntries(Math.max(1, stream.size()))
                .clock(Clock.fixed(START, ZoneOffset.UTC))
                .build();
        List<LookupOutcome> outcomes = new ArrayList<>(stream.size());
        progress.start("replaying " + stream.name() + " (" + stream.modelId() + ")", stream.size());
        try (LuceneVectorIndex index = LuceneVectorIndex.open(options)) {
            SemanticCache cache = new SemanticCache(index, verifier);
            for (int i = 0; i < stream.size(); i++) {
                Instant now = START.plusMillis(i);
                outcomes.add(lookup(cache, stream, i, policy, now));
                if (!outcomes.getLast().isHit()) {
                    index.put(entry(stream, i, now));
                }
                progress.advance(1);
            }
        }
        progress.finish();
        return outcomes;
    }

    private static LookupOutcome lookup(SemanticCache cache, PreparedStream stream, int i, HitPolicy policy,
                                        Instant now) {
        Lookup exact = cache.lookupExact(stream.keys().get(i), now);
        if (exact.isHit()) {
            return LookupOutcome.exact(position(exact.entry()));
        }
        SemanticLookup semantic = cache.lookupSemantic(PreparedStream.NAMESPACE, stream.texts().get(i),
                stream.vectors().get(i), policy, now);
        int best = semantic.best() == null ? -1 : position(semantic.best().entry());
        float similarity = semantic.best() == null ? Float.NaN : semantic.best().similarity();
        if (!semantic.isHit()) {
            return new LookupOutcome(LookupOutcome.Tier.MISS, -1, best, similarity, semantic.missReason());
        }
        // The served candidate is semantic.best(); its nearest rival by cosine is the first candidate.
        int nearest = position(semantic.candidates().getFirst().entry());
        return new LookupOutcome(LookupOutcome.Tier.SEMANTIC, best, nearest, similarity, null);
    }

    /** The entry the gateway would store for query {@code i}; its id is the query's position in the stream. */
    static CacheEntry entry(PreparedStream stream, int i, Instant now) {
        return CacheEntry.builder()
                .id(Integer.toString(i))
                .namespace(PreparedStream.NAMESPACE)
                .tenant("eval")
                .modelAlias("eval")
                .matchedText(stream.texts().get(i))
                .exactKey(stream.keys().get(i))
                .vector(stream.vectors().get(i))
                .payload(new byte[0])
                .createdAt(now)
                .build();
    }

    private static int position(CacheEntry entry) {
        return Integer.parseInt(entry.id());
    }
}
