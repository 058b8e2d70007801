package dev.reprise.bench.jmh;

import dev.reprise.gateway.stream.ChunkEncoder;
import dev.reprise.models.wire.ChatCompletionChunk;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * SSE chunk encoding as the gateway does it: {@code liveChunk} encodes one streamed text delta into a
 * {@code data: <chunk json>} event; {@code replayAnswer} turns a whole cached answer (about 40 words) into the event
 * sequence a stream would have produced, ending with usage and {@code [DONE]}.
 *
 * <p>Run: {@code ./reprise bench jmh SseEncodingBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main SseEncodingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SseEncodingBenchmark {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private ChatCompletionResponse answer;
    private ChunkEncoder encoder;
    private ByteArrayOutputStream out;

    @Setup(Level.Trial)
    public void prepare() {
        answer = ChatCompletionResponse.of("chatcmpl-abc123", 1_700_000_000L, "gpt-4o-mini",
                ChatMessage.assistant("Open Settings, choose Account, then Security, and click Reset password. "
                        + "We will email you a link that is valid for one hour. If the email does not arrive, "
                        + "check your spam folder or ask your workspace admin to reset it for you."),
                FinishReason.STOP, Usage.of(52, 41));
        encoder = ChunkEncoder.of(answer);
        out = new ByteArrayOutputStream(8192);
    }

    @Benchmark
    public int liveChunk() throws IOException {
        out.reset();
        write(encoder.text("Settings, "));
        return out.size();
    }

    @Benchmark
    public int replayAnswer() throws IOException {
        out.reset();
        for (ChatCompletionChunk chunk : ChunkEncoder.replay(answer, true)) {
            write(chunk);
        }
        out.write(DONE);
        return out.size();
    }

    private void write(ChatCompletionChunk chunk) throws IOException {
        out.write(DATA);
        out.write(WireJson.mapper().writeValueAsBytes(chunk));
        out.write(END);
    }
}
