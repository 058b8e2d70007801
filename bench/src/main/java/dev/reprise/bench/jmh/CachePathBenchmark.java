package dev.reprise.bench.jmh;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.ResponseCache;
import dev.reprise.gateway.cache.VerifierSettings;
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

import java.util.concurrent.TimeUnit;

/**
 * The gateway's cache decision in-process, without HTTP: {@link ResponseCache} with its default settings (MiniLM,
 * threshold 0.95, the batching embedder) over an in-memory index holding 100 answered questions. Each operation
 * builds the key (normalise, namespace hash) and walks the tiers as the request pipeline does:
 * {@code hitExact} stops at the exact tier (Zipf-distributed questions), {@code hitSemantic} sends a paraphrase that
 * misses the exact tier and hits the semantic one, {@code missDecision} sends a question never seen and misses both.
 * {@code hitSemanticVerified} and {@code missDecisionVerified} do the same with {@code cache.verifier} on (the shipped
 * model at its default rule), and {@code embedOne} embeds one paraphrase with the same model alone: the unit of the
 * issue-12 cost target (a verified semantic hit at most 2x one embedding, p50). The setups check that exact hits never
 * embed or verify and print which paraphrases hit.
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

    private CachePathFixture plain;

    @Setup(Level.Trial)
    public void fill() {
        plain = CachePathFixture.open("verifier off", CacheSettings.defaults());
    }

    @TearDown(Level.Trial)
    public void close() {
        plain.close();
    }

    /** The same cache and questions with {@code cache.verifier} on: the shipped model at its default rule. */
    @State(Scope.Benchmark)
    public static class Verified {
        private CachePathFixture fixture;

        @Setup(Level.Trial)
        public void fill() {
            CacheSettings defaults = CacheSettings.defaults();
            VerifierSettings off = defaults.verifier();
            fixture = CachePathFixture.open("verifier on", defaults.withVerifier(new VerifierSettings(true, null,
                    off.minProbability(), off.candidates(), off.recallFloor())));
        }

        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }
    }

    /** The cache's embedding model on its own, without the batching queue or the cache around it. */
    @State(Scope.Benchmark)
    public static class OneEmbedding {
        private OnnxEmbedder embedder;
        private String[] texts;
        private int next;

        @Setup(Level.Trial)
        public void load() {
            embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT);
            TextNormalizer normalizer = new TextNormalizer();
            texts = BenchTexts.PARAPHRASES.stream().map(normalizer::normalize).toArray(String[]::new);
        }

        @TearDown(Level.Trial)
        public void close() {
            embedder.close();
        }
    }

    @Benchmark
    public ResponseCache.CachedAnswer hitExact() {
        return plain.hitExact();
    }

    @Benchmark
    public ResponseCache.SemanticResult hitSemantic() {
        return plain.hitSemantic();
    }

    @Benchmark
    public ResponseCache.SemanticResult missDecision() {
        return plain.missDecision();
    }

    @Benchmark
    public ResponseCache.CachedAnswer hitExactVerified(Verified verified) {
        return verified.fixture.hitExact();
    }

    @Benchmark
    public ResponseCache.SemanticResult hitSemanticVerified(Verified verified) {
        return verified.fixture.hitSemantic();
    }

    @Benchmark
    public ResponseCache.SemanticResult missDecisionVerified(Verified verified) {
        return verified.fixture.missDecision();
    }

    @Benchmark
    public float[] embedOne(OneEmbedding one) {
        String text = one.texts[one.next];
        one.next = (one.next + 1) % one.texts.length;
        return one.embedder.embed(text);
    }
}
