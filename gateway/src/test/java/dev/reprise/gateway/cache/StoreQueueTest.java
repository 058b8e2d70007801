package dev.reprise.gateway.cache;

import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.LuceneVectorIndex;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache writer's queue is bounded ({@code overload.store-queue}): with the writer held up, answers past the bound
 * are dropped and counted, never queued; the ones queued are stored whole once the writer goes on, and the queue takes
 * answers again.
 */
class StoreQueueTest {

    private final CountDownLatch writerMayGo = new CountDownLatch(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ResponseCache cache;

    @BeforeEach
    void open() {
        CacheSettings settings = CacheSettings.defaults();
        cache = new ResponseCache(settings, OnnxEmbedder.load(settings.embeddingModel()),
                new HeldWrites(LuceneVectorIndex.open(IndexOptions.defaults(null)), writerMayGo), Clock.systemUTC(),
                registry);
        cache.boundStoreQueue(2);
    }

    @AfterEach
    void close() {
        writerMayGo.countDown();
        cache.close();
    }

    @Test
    void should_drop_answers_past_the_bound_and_store_the_queued_ones_whole() throws IOException {
        String first = cache.storeLater(key("What is a semantic cache?"), null, Price.FREE, answer("One by meaning."));
        String second = cache.storeLater(key("What is an exact cache?"), null, Price.FREE, answer("One by text."));
        String third = cache.storeLater(key("What is a vector index?"), null, Price.FREE, answer("Nearest vectors."));

        assertNotNull(first);
        assertNotNull(second);
        assertNull(third, "a third answer was queued past a bound of 2");
        assertEquals(1.0, registry.get("reprise.cache.stores").tag("result", "dropped").counter().count());
        assertEquals(2.0, registry.get("reprise.cache.store.queue").gauge().value());

        writerMayGo.countDown();
        assertTrue(cache.awaitPendingWrites(Duration.ofSeconds(10)), "the writer did not finish");
        assertEquals(0.0, registry.get("reprise.cache.store.queue").gauge().value());
        assertEquals("One by meaning.", text(cache.entry(first).orElseThrow()));
        assertEquals("One by text.", text(cache.entry(second).orElseThrow()));
        assertTrue(cache.exact(key("What is a vector index?")).isEmpty(), "the dropped answer is servable");
        assertNotNull(cache.entry(first).orElseThrow().vector(), "the writer did not embed a deferred answer");

        assertNotNull(cache.storeLater(key("What is a vector index?"), null, Price.FREE, answer("Nearest vectors.")),
                "the drained queue refused an answer");
    }

    private static String text(dev.reprise.cache.CacheEntry entry) {
        return ResponseCache.answerText(entry);
    }

    private CacheRequest key(String question) throws IOException {
        ChatCompletionRequest request = WireJson.mapper().readValue("""
                {"model":"support","messages":[{"role":"user","content":"%s"}]}
                """.formatted(question), ChatCompletionRequest.class);
        return cache.key("tenant", "support", request, true, 0.95, null);
    }

    private static ChatCompletionResponse answer(String text) throws IOException {
        return WireJson.mapper().readValue("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}
                """.formatted(text), ChatCompletionResponse.class);
    }
}
