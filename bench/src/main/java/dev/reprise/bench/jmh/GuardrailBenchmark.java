package dev.reprise.bench.jmh;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.guardrails.injection.InjectionDetector;
import dev.reprise.gateway.guardrails.injection.InjectionVerdict;
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
 * What the prompt-injection detector adds to a request: the short and the 130-word query through
 * {@link InjectionDetector#inspect} (patterns, decoding, MiniLM embeddings of the prompt, its ROT13 and, when long,
 * its sentences, then the exemplar scan). Compare with {@link EmbeddingBenchmark} for one embedding alone.
 *
 * <p>Run: {@code ./reprise bench jmh GuardrailBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GuardrailBenchmark {

    private OnnxEmbedder embedder;
    private InjectionDetector detector;

    @Setup(Level.Trial)
    public void load() {
        embedder = OnnxEmbedder.load(EmbeddingModelChoice.DEFAULT);
        detector = InjectionDetector.load(embedder);
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    @Benchmark
    public InjectionVerdict injectionShortPrompt() {
        return detector.inspect(BenchTexts.SHORT_QUERY);
    }

    @Benchmark
    public InjectionVerdict injectionLongPrompt130Words() {
        return detector.inspect(BenchTexts.LONG_QUERY);
    }
}
