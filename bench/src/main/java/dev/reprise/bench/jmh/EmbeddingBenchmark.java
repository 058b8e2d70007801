package dev.reprise.bench.jmh;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
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
 * One text through the default embedding model (MiniLM-L6 int8, one ORT thread): a short query, and a 130-word
 * query. Sampled, so the report has p50 and p99; the semantic-hit target compares against {@code shortQuery}'s p50.
 *
 * <p>Run: {@code ./reprise bench jmh EmbeddingBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main EmbeddingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddingBenchmark {

    private OnnxEmbedder embedder;

    @Setup(Level.Trial)
    public void load() {
        embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT);
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    @Benchmark
    public float[] shortQuery() {
        return embedder.embed(BenchTexts.SHORT_QUERY);
    }

    @Benchmark
    public float[] longQuery130Words() {
        return embedder.embed(BenchTexts.LONG_QUERY);
    }
}
