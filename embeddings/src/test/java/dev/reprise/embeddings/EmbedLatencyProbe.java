package dev.reprise.embeddings;

import java.util.Arrays;

/**
 * Prints the median latency of embedding one short query with each packaged model, after warm-up. A measurement to
 * run by hand, not a test: timings depend on the machine and never belong in assertions.
 *
 * <pre>
 * ./mvnw -pl embeddings test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp embeddings/target/classes:embeddings/target/test-classes:$(cat embeddings/target/cp.txt) \
 *     dev.reprise.embeddings.EmbedLatencyProbe
 * </pre>
 */
public final class EmbedLatencyProbe {

    private static final int WARM_UP = 200;
    private static final int MEASURED = 1000;

    private EmbedLatencyProbe() {
    }

    public static void main(String[] args) {
        for (EmbeddingModelChoice choice : EmbeddingModelChoice.values()) {
            try (OnnxEmbedder embedder = OnnxEmbedder.load(choice)) {
                for (int i = 0; i < WARM_UP; i++) {
                    embedder.embed("How do I reset my password? " + i);
                }
                long[] nanos = new long[MEASURED];
                for (int i = 0; i < MEASURED; i++) {
                    String query = "How do I reset my password for account " + i + "?";
                    long start = System.nanoTime();
                    embedder.embed(query);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf("%-20s median %.2f ms, p90 %.2f ms, p99 %.2f ms%n", choice.id(),
                        nanos[MEASURED / 2] / 1e6, nanos[MEASURED * 9 / 10] / 1e6, nanos[MEASURED * 99 / 100] / 1e6);
            }
        }
    }
}
