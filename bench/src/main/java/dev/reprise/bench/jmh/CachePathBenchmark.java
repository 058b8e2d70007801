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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's cache decision in-process, without HTTP: {@link ResponseCache} with its default settings (MiniLM,
 * threshold 0.95, the batching embedder) over an in-memory index holding 100 answered questions. Each operation
 * builds the key (normalise, namespace hash) and walks the tiers as the request pipeline does:
 * {@code hitExact} stops at the exact tier (Zipf-distributed questions), {@code hitSemantic} sends a paraphrase that
 * misses the exact tier and hits the semantic one, {@code missDecision} sends a question never seen and misses both.
 * The setup checks that exact hits never embed and that the paraphrases hit, and prints both.
 *
 * <p>Run: {@code ./reprise bench jmh CachePathBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main CachePathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CachePathBenchmark {

    private static final String TENANT = "bench";
    private static final String ALIAS = "openai";
    private static final int STORED = 100;
    private static final String EMBED_TIMER = "reprise.cache.embedding.duration";

    private ResponseCache cache;
    private SimpleMeterRegistry registry;
    private ChatCompletionRequest[] stored;
    private ChatCompletionRequest[] paraphrases;
    private ZipfKeys zipf;
    private int nextParaphrase;
    private long nextUnique;

    @Setup(Level.Trial)
    public void fill() {
        registry = new SimpleMeterRegistry();
        CacheSettings settings = CacheSettings.defaults();
        cache = ResponseCache.open(settings, null, Clock.systemUTC(), registry);
        List<String> questions = BenchTexts.questions(STORED);
        stored = new ChatCompletionRequest[STORED];
        for (int i = 0; i < STORED; i++) {
            stored[i] = request(questions.get(i));
            cache.storeLater(key(stored[i]), null, Price.FREE, answer(i));
        }
        if (!cache.awaitPendingWrites(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the cache did not store the setup's answers in 2 minutes");
        }
        paraphrases = BenchTexts.PARAPHRASES.stream().map(CachePathBenchmark::request)
                .toArray(ChatCompletionRequest[]::new);
        zipf = ZipfKeys.of(STORED, ZipfKeys.DEFAULT_EXPONENT, 1 << 16, 3);
        checkExactHitsDoNotEmbed();
        checkParaphrasesHit();
    }

    @TearDown(Level.Trial)
    public void close() {
        cache.close();
    }

    @Benchmark
    public ResponseCache.CachedAnswer hitExact() {
        return cache.exact(key(stored[zipf.next()])).orElseThrow();
    }

    @Benchmark
    public ResponseCache.SemanticResult hitSemantic() {
        ChatCompletionRequest request = paraphrases[nextParaphrase];
        nextParaphrase = (nextParaphrase + 1) % paraphrases.length;
        CacheRequest key = key(request);
        if (cache.exact(key).isPresent()) {
            throw new IllegalStateException("a paraphrase hit the exact tier: " + key.normalisedText());
        }
        return cache.semantic(key);
    }

    @Benchmark
    public ResponseCache.SemanticResult missDecision() {
        CacheRequest key = key(request(BenchTexts.uniqueQuestion(nextUnique++)));
        Optional<ResponseCache.CachedAnswer> exact = cache.exact(key);
        if (exact.isPresent()) {
            throw new IllegalStateException("a new question hit the exact tier");
        }
        return cache.semantic(key);
    }

    private void checkExactHitsDoNotEmbed() {
        long before = embeddings();
        for (int i = 0; i < 1000; i++) {
            hitExact();
        }
        long embedded = embeddings() - before;
        System.out.printf("%n[cache-path] exact hits: %d embeddings over 1000 lookups (target: 0)%n", embedded);
    }

    private void checkParaphrasesHit() {
        int hits = 0;
        StringBuilder misses = new StringBuilder();
        for (ChatCompletionRequest p : paraphrases) {
            ResponseCache.SemanticResult result = cache.semantic(key(p));
            hits += result.hit() != null ? 1 : 0;
            misses.append(String.format("%n  %s: '%s' (best similarity %s)", result.hit() != null ? "hit" : "miss",
                    p.messages().getLast().text(),
                    result.lookup().best() == null ? "none" : result.lookup().best().similarity()));
        }
        System.out.printf("[cache-path] paraphrases: %d of %d hit the semantic tier%s%n", hits, paraphrases.length,
                misses);
    }

    private long embeddings() {
        var timer = registry.find(EMBED_TIMER).timer();
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
