package dev.reprise.bench.jmh;

import dev.reprise.bench.load.FakeUpstream;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.OpenAiProvider;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.WireJson;
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

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One pass-through provider call without the gateway's HTTP server around it: the parsed OpenAI request through
 * LangChain4j's OpenAI model and Reprise's upstream HTTP client to the load runs' fake upstream (in this JVM, over
 * loopback), and the answer serialised as the gateway would send it. This is the part of a pass-through request
 * that the c=1 load row adds on top of an exact hit.
 *
 * <p>Run: {@code ./reprise bench jmh UpstreamCallBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main UpstreamCallBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UpstreamCallBenchmark {

    private FakeUpstream upstream;
    private OpenAiProvider provider;
    private ChatCompletionRequest request;

    @Setup(Level.Trial)
    public void start() throws IOException {
        upstream = FakeUpstream.start("127.0.0.1", 0);
        provider = new OpenAiProvider(new Deployment("openai", ProviderKind.OPENAI, "gpt-4o-mini", upstream.baseUrl(),
                Secret.of("sk-bench"), Duration.ofSeconds(30), null, null));
        request = WireJson.mapper().readValue(TranslationBenchmark.REQUEST_JSON, ChatCompletionRequest.class);
    }

    @TearDown(Level.Trial)
    public void stop() {
        provider.close();
        upstream.close();
    }

    @Benchmark
    public byte[] chatThroughLangChain4j() throws IOException {
        ChatCompletionResponse response = provider.chat(request);
        return WireJson.mapper().writeValueAsBytes(response);
    }
}
