package dev.reprise.bench.jmh;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.cache.VerifierSettings;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The ratio {@link CachePathBenchmark} measures (a verified semantic hit against one embedding), taken so that a
 * shared machine's load falls on both sides alike: one embedding, one plain semantic hit and one verified semantic
 * hit in turn, round after round, each timed by the wall clock and by the thread's CPU time (ONNX Runtime runs on the
 * calling thread). JMH runs its benchmarks one after another, so a load spike lands on one of them; this is the
 * check beside it, not a replacement.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* dev.reprise.bench.jmh.CachePathInterleaved [rounds]
 * [verifier-model-dir min-probability]} (default 1,500 rounds, the first third warm-up; the shipped verifier at its
 * default bar unless a trained model's folder and bar are given, to price a candidate before shipping it).
 */
public final class CachePathInterleaved {

    private CachePathInterleaved() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        CacheSettings defaults = CacheSettings.defaults();
        VerifierSettings off = defaults.verifier();
        Path model = args.length > 1 ? Path.of(args[1]) : null;
        double bar = args.length > 2 ? Double.parseDouble(args[2]) : off.minProbability();
        CacheSettings verifying = defaults.withVerifier(new VerifierSettings(true, model, bar,
                off.candidates(), off.recallFloor()));
        TextNormalizer normalizer = new TextNormalizer();
        String[] texts = BenchTexts.PARAPHRASES.stream().map(normalizer::normalize).toArray(String[]::new);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] wall = new long[3][rounds];
        long[][] cpu = new long[3][rounds];
        try (CachePathFixture plain = CachePathFixture.open("verifier off", defaults);
             CachePathFixture verified = CachePathFixture.open("verifier on", verifying);
             OnnxEmbedder embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT)) {
            Runnable[] operations = {() -> embedder.embed(texts[0]), plain::hitSemantic, verified::hitSemantic};
            for (int r = 0; r < rounds; r++) {
                texts[0] = texts[r % texts.length];
                for (int op = 0; op < operations.length; op++) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    operations[op].run();
                    wall[op][r] = System.nanoTime() - start;
                    cpu[op][r] = threads.getCurrentThreadCpuTime() - cpuStart;
                }
            }
        }
        print("wall", wall);
        print("CPU", cpu);
    }

    private static void print(String clock, long[][] samples) {
        long embed = median(samples[0]);
        long plain = median(samples[1]);
        long verified = median(samples[2]);
        System.out.printf(Locale.ROOT, "[interleaved] p50 %s us: one embedding %d, semantic hit %d (%.2fx),"
                + " verified semantic hit %d (%.2fx)%n", clock, embed / 1000, plain / 1000, (double) plain / embed,
                verified / 1000, (double) verified / embed);
    }

    private static long median(long[] samples) {
        long[] measured = Arrays.copyOfRange(samples, samples.length / 3, samples.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
