package dev.reprise.bench.jmh;

import dev.reprise.embeddings.BatchExecution;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A batch of short questions through {@code embedAll}, one model run per text or one padded run per batch. Divide
 * the time by {@code batchSize} for the cost per text, and compare with {@link EmbeddingBenchmark#shortQuery()}.
 *
 * <p>Run: {@code ./reprise bench jmh EmbeddingBatchBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main EmbeddingBatchBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddingBatchBenchmark {

    @Param({"8", "32"})
    public int batchSize;

    @Param({"ONE_RUN_PER_TEXT", "ONE_RUN_PER_BATCH"})
    public BatchExecution execution;

    private OnnxEmbedder embedder;
    private List<String> batch;

    @Setup(Level.Trial)
    public void load() {
        embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT, execution);
        batch = BenchTexts.questions(batchSize);
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    @Benchmark
    public List<float[]> embedAll() {
        return embedder.embedAll(batch);
    }
}
