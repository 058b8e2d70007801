package dev.reprise.models.tokens;

import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCounterTest {

    @Test
    void should_count_with_the_models_own_encoding() {
        // "hello world" is two tokens in both cl100k_base and o200k_base; a long rare word splits into several.
        assertEquals(2, TokenCounter.forModel("gpt-4o-mini").orElseThrow().count("hello world"));
        assertEquals(2, TokenCounter.forModel("gpt-3.5-turbo").orElseThrow().count("hello world"));
        assertTrue(TokenCounter.forModel("gpt-4o").orElseThrow().count("antidisestablishmentarianism") > 2);
    }

    @Test
    void should_know_no_tokenizer_for_other_models() {
        assertTrue(TokenCounter.forModel("claude-3-5-haiku").isEmpty());
        assertTrue(TokenCounter.forModel("llama3.1").isEmpty());
        assertTrue(TokenCounter.forModel(null).isEmpty());
    }

    @Test
    void should_add_each_messages_framing_and_the_replys_priming() {
        ChatCompletionRequest request = ChatCompletionRequest.of("gpt-4o", List.of(
                ChatMessage.system("hello world"), ChatMessage.user("hello world")));
        assertEquals(2 * (TokenCounter.PER_MESSAGE + 2) + TokenCounter.REPLY_PRIMING,
                TokenCounter.forModel("gpt-4o").orElseThrow().count(request));
    }
}
