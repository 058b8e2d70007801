package dev.reprise.bench.fuzz;

import dev.reprise.models.catalogue.ProviderKind;
import dev.reprise.testing.FakeUpstream;

import java.util.Map;

/** One plain answer per provider's wire format, chosen by the path the provider called. */
final class UpstreamAnswers {

    static final String MODEL = "fuzz-model";

    private static final String OPENAI = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"fuzz-model",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    private static final String ANTHROPIC = """
            {"id":"msg_1","type":"message","role":"assistant","model":"fuzz-model",
             "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":3,"output_tokens":1}}""";
    private static final String GEMINI = """
            {"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},
             "modelVersion":"fuzz-model"}""";
    private static final String OLLAMA = """
            {"model":"fuzz-model","created_at":"2025-06-12T14:13:43.4Z","message":{"role":"assistant","content":"ok"},
             "done_reason":"stop","done":true,"prompt_eval_count":3,"eval_count":1}""";

    private UpstreamAnswers() {
    }

    static String basePath(ProviderKind kind) {
        return switch (kind) {
            case OPENAI -> "/v1";
            case ANTHROPIC -> "/anthropic/v1";
            case GEMINI -> "/v1beta";
            default -> "/ollama";
        };
    }

    static FakeUpstream.Reply forPath(String path) {
        String body;
        if (path.startsWith("/anthropic/")) {
            body = ANTHROPIC;
        } else if (path.startsWith("/v1beta/")) {
            body = GEMINI;
        } else if (path.startsWith("/ollama/")) {
            body = OLLAMA;
        } else {
            body = OPENAI;
        }
        return FakeUpstream.json(200, body, Map.of());
    }
}
