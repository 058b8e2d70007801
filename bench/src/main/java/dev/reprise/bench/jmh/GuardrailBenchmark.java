package dev.reprise.bench.jmh;

import dev.reprise.embeddings.EmbeddingModelChoice;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.guardrails.PiiDetector;
import dev.reprise.gateway.guardrails.PiiType;
import dev.reprise.gateway.guardrails.Redaction;
import dev.reprise.gateway.guardrails.StreamRedactor;
import dev.reprise.gateway.guardrails.StreamRestorer;
import dev.reprise.gateway.guardrails.injection.InjectionDetector;
import dev.reprise.gateway.guardrails.injection.InjectionVerdict;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the guardrails add to a request. Injection: the short and the 130-word query through
 * {@link InjectionDetector#inspect} (patterns, decoding, MiniLM embeddings of the prompt, its ROT13 and, when long,
 * its sentences, then the exemplar scan); compare with {@link EmbeddingBenchmark} for one embedding alone. PII: the
 * request redaction the stage runs on every request (all kinds, short and long prompt, and a short one with values),
 * a 150-word answer redacted whole (a plain answer under {@code scan-answers}) and streamed in
 * {@value #CHUNK}-character chunks through {@link StreamRedactor} and {@link StreamRestorer} (one op = the whole
 * stream; divide by the chunk count the state prints for a chunk). The PII state prints the stream's largest hold-back.
 *
 * <p>Run: {@code ./reprise bench jmh GuardrailBenchmark -f 1 -wi 2 -i 3}; the PII cases alone (no model load):
 * {@code ./reprise bench jmh 'GuardrailBenchmark.pii' -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GuardrailBenchmark {

    /** About a token's worth of text: what a provider's stream delta usually carries. */
    static final int CHUNK = 4;

    /** A 150-word support answer with an address, a card and a phone number in it. */
    static final String ANSWER = String.join(" ",
            "Thanks for reaching out about the double charge. I can see two payments of $49.00 on 2024-03-15 for",
            "invoice INV-20240315-0042, both taken from the card ending 4527 8301 9366 1028. The second one was a",
            "retry after a timeout on our side, and it should have been voided automatically; it was not, which is",
            "our mistake. I have refunded it just now, so you will see the money back within five to seven working",
            "days depending on your bank. A confirmation has been sent to ana.ruiz@example.com, and a copy of the",
            "corrected invoice will follow once the refund settles. If you would rather talk it through, our billing",
            "team is on +44 20 7946 0321 from 9am to 5pm on weekdays, and you can quote ticket PROJ-12345 so they",
            "have the history. To avoid this in future, you can switch to annual billing from the admin console under",
            "Settings, Billing, Plan; the payment is then taken once a year and retries are checked by hand.");

    /** The injection detector, with the MiniLM model it embeds with. */
    @State(Scope.Benchmark)
    public static class Injection {
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
    }

    /** The PII detector, the requests and the answer cut into chunks; the redacted answer for the restore. */
    @State(Scope.Benchmark)
    public static class Pii {
        final PiiDetector detector = new PiiDetector();
        final Set<PiiType> all = Set.of(PiiType.values());
        final ChatCompletionRequest shortPrompt = request(BenchTexts.SHORT_QUERY);
        final ChatCompletionRequest longPrompt = request(BenchTexts.LONG_QUERY);
        final ChatCompletionRequest shortWithValues = request(
                "My card 4527 8301 9366 1028 was charged twice, write to ana.ruiz@example.com");
        List<String> chunks;
        List<String> redactedChunks;
        Map<String, String> restorable;

        @Setup(Level.Trial)
        public void cut() {
            chunks = cut(ANSWER);
            Redaction redaction = new Redaction(detector, all);
            redaction.redact("card 4527 8301 9366 1028, ana.ruiz@example.com, +44 20 7946 0321");
            restorable = redaction.restorable();
            redactedChunks = cut(redaction.redact(ANSWER));
            // The hold-back: the most characters held after a chunk, and about how many chunks that is.
            StreamRedactor redactor = new StreamRedactor(detector, new Redaction(detector, all));
            int maxChars = 0;
            int maxChunks = 0;
            for (String chunk : chunks) {
                redactor.next(chunk);
                maxChars = Math.max(maxChars, redactor.held());
                maxChunks = Math.max(maxChunks, (redactor.held() + CHUNK - 1) / CHUNK);
            }
            StreamRestorer restorer = new StreamRestorer(restorable);
            int maxRestoreChars = 0;
            for (String chunk : redactedChunks) {
                restorer.next(chunk);
                maxRestoreChars = Math.max(maxRestoreChars, restorer.held());
            }
            System.out.printf("%nstream of %d chunks of %d chars: redactor held at most %d chars (%d chunks), "
                    + "restorer at most %d chars%n", chunks.size(), CHUNK, maxChars, maxChunks, maxRestoreChars);
        }

        private static ChatCompletionRequest request(String text) {
            return ChatCompletionRequest.of("support", List.of(ChatMessage.user(text)));
        }

        private static List<String> cut(String text) {
            List<String> out = new ArrayList<>();
            for (int at = 0; at < text.length(); at += CHUNK) {
                out.add(text.substring(at, Math.min(text.length(), at + CHUNK)));
            }
            return out;
        }
    }

    @Benchmark
    public InjectionVerdict injectionShortPrompt(Injection s) {
        return s.detector.inspect(BenchTexts.SHORT_QUERY);
    }

    @Benchmark
    public InjectionVerdict injectionLongPrompt130Words(Injection s) {
        return s.detector.inspect(BenchTexts.LONG_QUERY);
    }

    /** The screen the gateway runs before the cache on every request: the patterns, no model run. */
    @Benchmark
    public InjectionVerdict injectionScreenShortPrompt(Injection s) {
        return s.detector.screen(BenchTexts.SHORT_QUERY);
    }

    @Benchmark
    public InjectionVerdict injectionScreenLongPrompt130Words(Injection s) {
        return s.detector.screen(BenchTexts.LONG_QUERY);
    }

    @Benchmark
    public ChatCompletionRequest piiShortPrompt(Pii s) {
        return new Redaction(s.detector, s.all).redact(s.shortPrompt);
    }

    @Benchmark
    public ChatCompletionRequest piiLongPrompt130Words(Pii s) {
        return new Redaction(s.detector, s.all).redact(s.longPrompt);
    }

    @Benchmark
    public ChatCompletionRequest piiShortPromptWithValues(Pii s) {
        return new Redaction(s.detector, s.all).redact(s.shortWithValues);
    }

    @Benchmark
    public String piiAnswerWhole(Pii s) {
        return new Redaction(s.detector, s.all).redactAnswer(ANSWER);
    }

    @Benchmark
    public int piiAnswerStreamed(Pii s) {
        StreamRedactor redactor = new StreamRedactor(s.detector, new Redaction(s.detector, s.all));
        int sent = 0;
        for (String chunk : s.chunks) {
            sent += redactor.next(chunk).length();
        }
        return sent + redactor.flush().length();
    }

    @Benchmark
    public int piiAnswerStreamRestored(Pii s) {
        StreamRestorer restorer = new StreamRestorer(s.restorable);
        int sent = 0;
        for (String chunk : s.redactedChunks) {
            sent += restorer.next(chunk).length();
        }
        return sent + restorer.flush().length();
    }
}
