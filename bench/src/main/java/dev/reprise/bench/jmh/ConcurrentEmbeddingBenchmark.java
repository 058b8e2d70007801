package dev.reprise.bench.jmh;

import dev.reprise.embeddings.BatchingEmbedder;
import dev.reprise.embeddings.BatchExecution;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Eight request threads embedding short questions at once, as under load: straight into one ORT session
 * ({@code direct}), or through {@link BatchingEmbedder}, which turns the waiting texts into one padded model run.
 * Throughput is embeddings per second over all threads.
 *
 * <p>Run: {@code ./reprise bench jmh ConcurrentEmbeddingBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main ConcurrentEmbeddingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConcurrentEmbeddingBenchmark {

    @Param({"direct", "batching"})
    public String path;

    private Embedder embedder;
    private List<String> questions;

    @Setup(Level.Trial)
    public void load() {
        questions = BenchTexts.questions(100);
        embedder = switch (path) {
            case "direct" -> OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT);
            case "batching" -> new BatchingEmbedder(
                    OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT, BatchExecution.ONE_RUN_PER_BATCH));
            default -> throw new IllegalArgumentException("path must be direct or batching, got " + path);
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        if (embedder instanceof BatchingEmbedder batching && batching.batchCount() > 0) {
            System.out.printf("%n[batching] mean batch: %.1f texts over %d model runs%n",
                    (double) batching.batchedTextCount() / batching.batchCount(), batching.batchCount());
        }
        embedder.close();
    }

    /** One cursor per thread, so threads embed different questions. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public float[] embed(Cursor cursor) {
        String text = questions.get(cursor.next);
        cursor.next = (cursor.next + 1) % questions.size();
        return embedder.embed(text);
    }
}
