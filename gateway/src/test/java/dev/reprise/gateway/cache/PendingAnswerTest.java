package dev.reprise.gateway.cache;

import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.LuceneVectorIndex;
import dev.reprise.cache.VectorIndex;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.WireJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer handed to the writer is servable before the index has it: with the writer held up, a paraphrase
 * asked right after is answered from it, by the semantic tier's own rule (threshold and guards).
 */
class PendingAnswerTest {

    private final CountDownLatch writerMayGo = new CountDownLatch(1);
    private ResponseCache cache;

    @BeforeEach
    void open() {
        CacheSettings settings = CacheSettings.defaults();
        VectorIndex held = new HeldWrites(LuceneVectorIndex.open(IndexOptions.defaults(null)), writerMayGo);
        cache = new ResponseCache(settings, OnnxEmbedder.load(settings.embeddingModel()), held, Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        writerMayGo.countDown();
        cache.close();
    }

    @Test
    void should_answer_a_paraphrase_from_an_answer_the_writer_has_not_stored_yet() throws IOException {
        store("How do I reset my password?", "Open Settings, then Security, then Reset password.");

        ResponseCache.SemanticResult result = cache.semantic(key("How can I reset my password?"));

        assertNotNull(result.hit(), "the paraphrase missed the answer waiting for the writer");
        assertEquals("Open Settings, then Security, then Reset password.",
                result.hit().response().firstChoice().message().text());
        assertTrue(result.hit().similarity() >= 0.95f, "served below the threshold: " + result.hit().similarity());
    }

    @Test
    void should_not_answer_another_order_number_from_a_waiting_answer() throws IOException {
        store("Where is my parcel for order 48213?", "Order 48213 left the warehouse today.");

        ResponseCache.SemanticResult result = cache.semantic(key("Where is my parcel for order 48231?"));

        assertNull(result.hit(), "the number guard must apply to answers not stored yet");
        assertFalse(cache.awaitPendingWrites(Duration.ofMillis(50)), "the writer was meant to be held");
    }

    private void store(String question, String answer) throws IOException {
        CacheRequest request = key(question);
        ResponseCache.SemanticResult miss = cache.semantic(request);
        assertNull(miss.hit());
        cache.storeLater(request, miss.vector(), Price.FREE, WireJson.mapper().readValue("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}
                """.formatted(answer), ChatCompletionResponse.class));
    }

    private CacheRequest key(String question) throws IOException {
        ChatCompletionRequest request = WireJson.mapper().readValue("""
                {"model":"support","messages":[{"role":"user","content":"%s"}]}
                """.formatted(question), ChatCompletionRequest.class);
        return cache.key("tenant", "support", request, true, 0.95, null);
    }
}
