package dev.reprise.bench.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.stage.RequestParser;
import dev.reprise.gateway.stage.RequestValidator;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.provider.Provider;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.ProviderFactory;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzes the translation of a chat request the gateway accepts into each provider's wire format and back: every
 * LangChain4j-backed provider (OpenAI, Anthropic, Gemini, Ollama) calls a fake upstream that answers in its own
 * format, and must return an answer or refuse with {@link ProviderException.BadRequest} (a 400 to the client). Any
 * other failure is a translation defect: an escaped exception, or a {@code ServerError} with no upstream status,
 * which the gateway would answer as a 502 for a request the upstream never refused.
 */
class ProviderTranslationFuzzTest {

    private static final RequestParser PARSER = new RequestParser();
    private static final RequestValidator VALIDATOR = new RequestValidator();
    private static final Map<ProviderKind, Provider> PROVIDERS = new EnumMap<>(ProviderKind.class);
    private static FakeUpstream upstream;

    @BeforeAll
    static void startUpstream() throws IOException {
        upstream = new FakeUpstream();
        upstream.answerEach(request -> UpstreamAnswers.forPath(request.path()));
        for (ProviderKind kind : new ProviderKind[] {ProviderKind.OPENAI, ProviderKind.ANTHROPIC, ProviderKind.GEMINI,
            ProviderKind.OLLAMA}) {
            PROVIDERS.put(kind, ProviderFactory.create(new Deployment("fuzz", kind, UpstreamAnswers.MODEL,
                    upstream.baseUrl() + UpstreamAnswers.basePath(kind), Secret.of("sk-fuzz"), Duration.ofSeconds(10),
                    null, null)));
        }
    }

    @AfterAll
    static void stopUpstream() {
        PROVIDERS.values().forEach(Provider::close);
        upstream.close();
    }

    @FuzzTest(maxDuration = "2m")
    void should_translate_any_accepted_request_for_every_provider(byte[] body) {
        ChatCompletionRequest request;
        try {
            request = PARSER.parse(body);
            VALIDATOR.validate(request);
        } catch (GatewayException refusedByTheGateway) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<ProviderKind, Provider> p : PROVIDERS.entrySet()) {
            try {
                assertNotNull(p.getValue().chat(request.withModel("fuzz")), p.getKey() + " answered null");
            } catch (ProviderException.BadRequest refused) {
                // the provider cannot take this request: a 400 naming why
            } catch (ProviderException other) {
                failures.add(p.getKey() + ": " + other);
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("failed on a request the gateway accepted: " + failures);
        }
    }
}
