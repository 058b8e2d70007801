package dev.reprise.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.provider.internal.JsonSchemaTranslation;
import dev.reprise.models.provider.internal.RequestTranslation;
import dev.reprise.models.provider.internal.ResponseTranslation;
import dev.reprise.models.wire.ChatCompletionRequest;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a provider call costs the gateway besides the network: an OpenAI request body parsed and turned into a
 * LangChain4j {@link ChatRequest} with OpenAI parameters, and a LangChain4j {@link ChatResponse} turned back into
 * OpenAI JSON bytes.
 *
 * <p>Run: {@code ./reprise bench jmh TranslationBenchmark}, or
 * {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -cp bench/target/reprise-bench.jar:bench/target/lib/* org.openjdk.jmh.Main TranslationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TranslationBenchmark {

    /** A typical chat request: a system prompt, one earlier turn, the question, and sampling parameters. */
    static final String REQUEST_JSON = """
            {"model":"gpt-4o-mini","temperature":0.2,"max_tokens":256,"top_p":1,"stream":false,
             "messages":[
               {"role":"system","content":"You are a helpful support assistant for a project management app."},
               {"role":"user","content":"Hi, I cannot log in since this morning."},
               {"role":"assistant","content":"Sorry to hear that. Did you change your password recently?"},
               {"role":"user","content":"How do I reset my password?"}]}""";

    private byte[] requestBytes;
    private ChatResponse upstreamAnswer;
    private Deployment deployment;

    @Setup(Level.Trial)
    public void prepare() {
        requestBytes = REQUEST_JSON.getBytes(StandardCharsets.UTF_8);
        upstreamAnswer = ChatResponse.builder()
                .aiMessage(AiMessage.from("Open Settings, choose Account, then Security, and click Reset password. "
                        + "We will email you a link that is valid for one hour."))
                .id("chatcmpl-abc123").modelName("gpt-4o-mini-2024-07-18")
                .tokenUsage(new TokenUsage(52, 31)).finishReason(FinishReason.STOP)
                .build();
        deployment = new Deployment("openai", ProviderKind.OPENAI, "gpt-4o-mini", "http://127.0.0.1:1/v1", null,
                Duration.ofSeconds(30), null, null);
    }

    @Benchmark
    public ChatRequest openAiJsonToLangChain4j() throws IOException {
        ChatCompletionRequest request = WireJson.mapper().readValue(requestBytes, ChatCompletionRequest.class);
        OpenAiChatRequestParameters parameters = RequestTranslation.common(OpenAiChatRequestParameters.builder(),
                request, deployment.upstreamModel(), JsonSchemaTranslation.Style.EXACT).build();
        return RequestTranslation.chatRequest(request, parameters);
    }

    @Benchmark
    public byte[] langChain4jToOpenAiJson() throws JsonProcessingException {
        return WireJson.mapper().writeValueAsBytes(
                ResponseTranslation.toResponse(upstreamAnswer, deployment, i -> ResponseTranslation.newToolCallId()));
    }
}
