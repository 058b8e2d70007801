package dev.reprise.bench.jmh;

import dev.reprise.gateway.cache.CacheRequest;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A {@link ResponseCache} holding 100 answered support questions, and the three walks through it that
 * {@link CachePathBenchmark} times: an exact hit, a paraphrase that hits the semantic tier, a new question that
 * misses both. Opening it checks that exact hits never embed or verify, and prints which paraphrases hit.
 */
final class CachePathFixture implements AutoCloseable {

    private static final String TENANT = "bench";
    private static final String ALIAS = "openai";
    private static final int STORED = 100;
    private static final String EMBED_TIMER = "reprise.cache.embedding.duration";
    private static final String VERIFY_TIMER = "reprise.cache.verifier.duration";

    private final String label;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResponseCache cache;
    private final ChatCompletionRequest[] stored = new ChatCompletionRequest[STORED];
    private final ChatCompletionRequest[] paraphrases;
    private final ZipfKeys zipf = ZipfKeys.of(STORED, ZipfKeys.DEFAULT_EXPONENT, 1 << 16, 3);
    private int nextParaphrase;
    private long nextUnique;

    private CachePathFixture(String label, CacheSettings settings) {
        this.label = label;
        this.cache = ResponseCache.open(settings, null, Clock.systemUTC(), registry);
        List<String> questions = BenchTexts.questions(STORED);
        for (int i = 0; i < STORED; i++) {
            stored[i] = request(questions.get(i));
            cache.storeLater(key(stored[i]), null, Price.FREE, answer(i));
        }
        if (!cache.awaitPendingWrites(Duration.ofMinutes(2))) {
            cache.close();
            throw new IllegalStateException("the cache did not store the setup's answers in 2 minutes");
        }
        this.paraphrases = BenchTexts.PARAPHRASES.stream().map(CachePathFixture::request)
                .toArray(ChatCompletionRequest[]::new);
    }

    /** Opens and fills a cache with {@code settings}, then runs the setup checks; {@code label} names it in output. */
    static CachePathFixture open(String label, CacheSettings settings) {
        CachePathFixture fixture = new CachePathFixture(label, settings);
        try {
            fixture.checkExactHitsDoNotEmbed();
            fixture.checkParaphrasesHit();
            return fixture;
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    ResponseCache.CachedAnswer hitExact() {
        return cache.exact(key(stored[zipf.next()])).orElseThrow();
    }

    ResponseCache.SemanticResult hitSemantic() {
        ChatCompletionRequest request = paraphrases[nextParaphrase];
        nextParaphrase = (nextParaphrase + 1) % paraphrases.length;
        CacheRequest key = key(request);
        if (cache.exact(key).isPresent()) {
            throw new IllegalStateException("a paraphrase hit the exact tier: " + key.normalisedText());
        }
        return cache.semantic(key);
    }

    ResponseCache.SemanticResult missDecision() {
        CacheRequest key = key(request(BenchTexts.uniqueQuestion(nextUnique++)));
        if (cache.exact(key).isPresent()) {
            throw new IllegalStateException("a new question hit the exact tier");
        }
        return cache.semantic(key);
    }

    @Override
    public void close() {
        cache.close();
    }

    private void checkExactHitsDoNotEmbed() {
        long embeddedBefore = count(EMBED_TIMER);
        long verifiedBefore = count(VERIFY_TIMER);
        for (int i = 0; i < 1000; i++) {
            hitExact();
        }
        long embedded = count(EMBED_TIMER) - embeddedBefore;
        long verified = count(VERIFY_TIMER) - verifiedBefore;
        System.out.printf("%n[cache-path %s] exact hits: %d embeddings and %d verifier calls over 1000 lookups"
                + " (target: 0 and 0)%n", label, embedded, verified);
        if (embedded != 0 || verified != 0) {
            throw new IllegalStateException("exact hits embedded " + embedded + " times and verified " + verified);
        }
    }

    private void checkParaphrasesHit() {
        int hits = 0;
        StringBuilder lines = new StringBuilder();
        for (ChatCompletionRequest p : paraphrases) {
            ResponseCache.SemanticResult result = cache.semantic(key(p));
            hits += result.hit() != null ? 1 : 0;
            long read = result.lookup().candidates().stream().filter(c -> c.probability() != null).count();
            lines.append(String.format("%n  %s: '%s' (best similarity %s, verifier read %d)",
                    result.hit() != null ? "hit" : "miss", p.messages().getLast().text(),
                    result.lookup().best() == null ? "none" : result.lookup().best().similarity(), read));
        }
        System.out.printf("[cache-path %s] paraphrases: %d of %d hit the semantic tier%s%n", label, hits,
                paraphrases.length, lines);
    }

    private long count(String timerName) {
        var timer = registry.find(timerName).timer();
        return timer == null ? 0 : timer.count();
    }

    private CacheRequest key(ChatCompletionRequest request) {
        return cache.key(TENANT, ALIAS, request, true, cache.settings().thresholdFor(ALIAS), cache.settings().ttl());
    }

    static ChatCompletionRequest request(String question) {
        return ChatCompletionRequest.of(ALIAS, List.of(ChatMessage.system("You are a helpful support assistant."),
                ChatMessage.user(question)));
    }

    private static ChatCompletionResponse answer(int i) {
        return ChatCompletionResponse.of("chatcmpl-bench-" + i, 1_700_000_000L, "gpt-4o-mini",
                ChatMessage.assistant("Open Settings, choose Account, and follow the steps on screen (answer " + i
                        + ")."), FinishReason.STOP, Usage.of(20, 15));
    }
}
