package dev.reprise.gateway.limits;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.tokens.TokenCounter;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;

import java.util.Optional;

/**
 * The tokens a request is charged before the call: its prompt (counted with the upstream model's tokenizer when it is
 * known here, else about four characters a token) plus the answer it may get ({@code max_completion_tokens},
 * {@code max_tokens}, or the configured default). The settled request's real usage corrects it.
 */
final class TokenEstimate {

    /** Characters per token when the model's tokenizer is not known: a rough average for English, as the ledger's. */
    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    static long of(ChatCompletionRequest request, Deployment deployment, long defaultMaxTokens) {
        Integer max = request.maxOutputTokens();
        long answer = max == null ? defaultMaxTokens : Math.max(0, max);
        return prompt(request, deployment) + answer;
    }

    private static long prompt(ChatCompletionRequest request, Deployment deployment) {
        Optional<TokenCounter> counter = deployment == null ? Optional.empty()
                : TokenCounter.forModel(deployment.upstreamModel());
        if (counter.isPresent()) {
            return counter.get().count(request);
        }
        long chars = 0;
        for (ChatMessage m : request.messages()) {
            String text = m.text();
            chars += text == null ? 0 : text.length();
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
