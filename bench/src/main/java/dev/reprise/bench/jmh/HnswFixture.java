package dev.reprise.bench.jmh;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Lucene HNSW index of seeded random unit vectors, built once and kept on disk (under {@code bench/target/jmh-cache}
 * by default) so that reruns open it in a second. Also computes recall@k of the HNSW search against a brute-force
 * scan, which JMH cannot measure, and caches the exact neighbours beside the index.
 */
public final class HnswFixture implements AutoCloseable {

    public static final String FIELD = "v";
    private static final String ORD = "ord";
    public static final int DIMENSION = 384;
    private static final long DATA_SEED = 42;
    private static final long QUERY_SEED = 4242;

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int[] ordOfDoc;
    private final int size;
    private final VectorData data;

    private HnswFixture(Directory directory, int size, VectorData data) throws IOException {
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        // The query cache would remember results across invocations; a cache lookup never does that.
        this.searcher.setQueryCache(null);
        this.size = size;
        this.data = data;
        this.ordOfDoc = new int[reader.maxDoc()];
        NumericDocValues ords = MultiDocValues.getNumericValues(reader, ORD);
        for (int doc = ords.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ords.nextDoc()) {
            ordOfDoc[doc] = (int) ords.longValue();
        }
    }

    /** Opens the cached index of {@code size} vectors of {@code data} in {@code format}, building it when absent. */
    public static HnswFixture open(Path cacheRoot, VectorFormat format, VectorData data, int size) {
        Path dir = cacheRoot.resolve("hnsw-" + data.name().toLowerCase() + "-" + format.name().toLowerCase() + "-"
                + size + "-d" + DIMENSION);
        try {
            if (!Files.exists(dir.resolve("built"))) {
                build(dir, format, data, size);
            }
            return new HnswFixture(FSDirectory.open(dir), size, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the HNSW fixture at " + dir, e);
        }
    }

    /** Where fixtures live: {@code -Dreprise.bench.cache}, else bench/target/jmh-cache from the repository root. */
    public static Path defaultCacheRoot() {
        String configured = System.getProperty("reprise.bench.cache");
        if (configured != null) {
            return Path.of(configured);
        }
        return Files.isDirectory(Path.of("bench", "target")) ? Path.of("bench", "target", "jmh-cache")
                : Path.of("target", "jmh-cache");
    }

    private static void build(Path dir, VectorFormat format, VectorData data, int size) throws IOException {
        long start = System.nanoTime();
        System.out.printf("%n[hnsw] building %s index of %,d %s vectors in %s (cached for later runs)...%n",
                format, size, data, dir);
        Files.createDirectories(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(format.codec())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                // Large buffer: few flushes, so the final merge starts from one big graph.
                .setRAMBufferSizeMB(Math.min(1024, 64 + size * (DIMENSION * 4L + 256) / (1 << 20)));
        try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, config)) {
            RandomUnitVectors vectors = data.vectors(DIMENSION, DATA_SEED);
            for (int i = 0; i < size; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vectors.next(), VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new NumericDocValuesField(ORD, i));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
        }
        Files.writeString(dir.resolve("built"), "built in " + (System.nanoTime() - start) / 1_000_000 + " ms\n");
        System.out.printf("[hnsw] built in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** {@code count} seeded query vectors, drawn apart from the indexed ones. */
    public static float[][] queries(VectorData data, int count) {
        RandomUnitVectors random = data.vectors(DIMENSION, QUERY_SEED);
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = random.next();
        }
        return out;
    }

    /** The k nearest documents of the HNSW search, as Lucene scores DOT_PRODUCT. */
    public ScoreDoc[] search(float[] query, int k) throws IOException {
        return searcher.search(new KnnFloatVectorQuery(FIELD, query, k), k).scoreDocs;
    }

    /**
     * The mean fraction of the true k nearest neighbours (by brute force over the same seeded vectors) that the
     * HNSW search returns, over the given queries.
     */
    public double recall(float[][] queries, int k) throws IOException {
        int[][] truth = bruteForce(queries, k);
        long found = 0;
        for (int q = 0; q < queries.length; q++) {
            Set<Integer> exact = Arrays.stream(truth[q]).boxed().collect(Collectors.toCollection(HashSet::new));
            for (ScoreDoc hit : search(queries[q], k)) {
                if (exact.contains(ordOfDoc[hit.doc])) {
                    found++;
                }
            }
        }
        return (double) found / ((long) queries.length * k);
    }

    /** Exact top-k ordinals per query, regenerating the indexed vectors from their seed. */
    int[][] bruteForce(float[][] queries, int k) {
        float[][] best = new float[queries.length][k];
        int[][] ords = new int[queries.length][k];
        for (float[] row : best) {
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
        }
        RandomUnitVectors vectors = data.vectors(DIMENSION, DATA_SEED);
        for (int i = 0; i < size; i++) {
            float[] v = vectors.next();
            for (int q = 0; q < queries.length; q++) {
                float dot = dot(queries[q], v);
                float[] b = best[q];
                if (dot > b[k - 1]) {
                    int pos = k - 1;
                    while (pos > 0 && b[pos - 1] < dot) {
                        b[pos] = b[pos - 1];
                        ords[q][pos] = ords[q][pos - 1];
                        pos--;
                    }
                    b[pos] = dot;
                    ords[q][pos] = i;
                }
            }
        }
        return ords;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Appends one recall figure to {@code file} as a tab-separated line: date, data, format, size, k, queries, recall. */
    public static void appendRecall(Path file, VectorData data, VectorFormat format, int size, int k, int queries,
                                    double recall) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean fresh = !Files.exists(file);
            List<String> lines = new ArrayList<>();
            if (fresh) {
                lines.add("date\tdata\tformat\tsize\tk\tqueries\trecall");
            }
            lines.add(LocalDate.now() + "\t" + data + "\t" + format + "\t" + size + "\t" + k + "\t" + queries + "\t"
                    + String.format("%.4f", recall));
            Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recall to " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
