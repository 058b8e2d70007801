package dev.reprise.bench.jmh;

import org.apache.lucene.search.ScoreDoc;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HNSW k=10 search over seeded random unit 384-d vectors, float and 8-bit scalar-quantized, at 10k and 100k entries
 * (1M with {@code -p size=1000000} or {@code -Pfull}). Indexes are built once and cached under
 * {@code bench/target/jmh-cache}; the 1M build takes many minutes on 2 cores. Recall@10 against brute force is computed
 * in the setup (JMH measures only time), printed, and appended to {@code bench/results/hnsw-recall.tsv}. The default
 * vectors are low-rank, shaped like sentence embeddings; uniform ones ({@code -p data=UNIFORM}) are the worst case,
 * where HNSW at k=10 finds few true neighbours.
 *
 * <p>Run: {@code ./reprise bench jmh HnswSearchBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main HnswSearchBenchmark
 * -p size=1000000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--add-modules",
        "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HnswSearchBenchmark {

    static final int K = 10;
    private static final int QUERIES = 1000;
    private static final int RECALL_QUERIES = 200;

    @Param({"10000", "100000"})
    public int size;

    @Param({"FLOAT", "SQ8"})
    public VectorFormat format;

    /** LOW_RANK by default; {@code -p data=UNIFORM,LOW_RANK} adds the worst case. */
    @Param({"LOW_RANK"})
    public VectorData data;

    private HnswFixture fixture;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        fixture = HnswFixture.open(HnswFixture.defaultCacheRoot(), format, data, size);
        queries = HnswFixture.queries(data, QUERIES);
        float[][] recallQueries = java.util.Arrays.copyOf(queries, RECALL_QUERIES);
        double recall = fixture.recall(recallQueries, K);
        System.out.printf("%n[hnsw] %s %s size=%d recall@%d=%.4f over %d queries%n", data, format, size, K, recall,
                RECALL_QUERIES);
        Path results = Path.of(HnswFixture.defaultCacheRoot().toString().startsWith("bench")
                ? "bench/results" : "results", "hnsw-recall.tsv");
        HnswFixture.appendRecall(results, data, format, size, K, RECALL_QUERIES, recall);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        fixture.close();
    }

    @Benchmark
    public ScoreDoc[] searchK10() throws IOException {
        float[] query = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return fixture.search(query, K);
    }
}
