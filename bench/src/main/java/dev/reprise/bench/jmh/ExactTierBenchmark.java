package dev.reprise.bench.jmh;

import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.Lookup;
import dev.reprise.cache.LuceneVectorIndex;
import dev.reprise.cache.SemanticCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The exact tier alone: {@link SemanticCache#lookupExact} (a term lookup plus hit recording) on an in-memory
 * {@link LuceneVectorIndex} of {@code entries} entries, with keys drawn from a Zipf distribution. No embedding.
 *
 * <p>Run: {@code ./reprise bench jmh ExactTierBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main ExactTierBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExactTierBenchmark {

    @Param({"10000"})
    public int entries;

    private LuceneVectorIndex index;
    private SemanticCache tiers;
    private String[] keys;
    private ZipfKeys zipf;
    private Instant now;

    @Setup(Level.Trial)
    public void fill() {
        index = LuceneVectorIndex.open(IndexOptions.builder().maxEntries(Math.max(entries, 1) * 2).build());
        tiers = new SemanticCache(index);
        RandomUnitVectors vectors = RandomUnitVectors.uniform(384, 7);
        keys = new String[entries];
        now = Instant.now();
        byte[] payload = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < entries; i++) {
            keys[i] = sha256Hex("namespace|question " + i);
            index.put(CacheEntry.builder()
                    .namespace("ns").tenant("bench").modelAlias("openai")
                    .matchedText("question " + i).exactKey(keys[i]).vector(vectors.next())
                    .payload(payload).createdAt(now).build());
        }
        index.commit();
        zipf = ZipfKeys.of(entries, ZipfKeys.DEFAULT_EXPONENT, 1 << 16, 11);
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    @Benchmark
    public Lookup lookupExactHit() {
        Lookup found = tiers.lookupExact(keys[zipf.next()], now);
        if (!found.isHit()) {
            throw new IllegalStateException("an exact key stored in the setup missed");
        }
        return found;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
