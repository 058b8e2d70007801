package dev.reprise.gateway.cache;

import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.LuceneVectorIndex;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.ServedBy;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interleaving a loaded machine produced once in CacheEndToEndTest (two upstream calls for twenty identical
 * misses): a request misses the exact tier, is held up before it joins the coalesced call, and the leader answers,
 * stores and ends its call in between. Here a gate holds the late request at exactly that point.
 */
class CoalesceRaceTest {

    private static final String QUESTION = "Why was my card declined?";

    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final CountDownLatch lateArrived = new CountDownLatch(1);
    private final CountDownLatch lateMayGo = new CountDownLatch(1);
    private ResponseCache cache;
    private Pipeline pipeline;

    @BeforeEach
    void open() {
        CacheSettings settings = CacheSettings.defaults();
        cache = new ResponseCache(settings, OnnxEmbedder.load(settings.embeddingModel()),
                LuceneVectorIndex.open(IndexOptions.defaults(null)), Clock.systemUTC(), new SimpleMeterRegistry());
        pipeline = new Pipeline(List.of(new CacheKeyStage(cache), new ExactTierStage(cache), gate(),
                new CoalesceStage(cache), upstream()));
    }

    @AfterEach
    void close() {
        lateMayGo.countDown();
        cache.close();
    }

    @Test
    void should_answer_from_the_cache_a_request_that_joins_after_the_leader_stored_and_left() throws Exception {
        CompletableFuture<RequestContext> late = CompletableFuture.supplyAsync(() -> {
            RequestContext ctx = ctx("late");
            ctx.attribute(OUTCOME, pipeline.run(ctx));
            return ctx;
        });
        assertTrue(lateArrived.await(10, TimeUnit.SECONDS), "the late request never passed the exact tier");

        RequestContext leader = ctx("leader");
        assertInstanceOf(Outcome.Answered.class, pipeline.run(leader));
        assertEquals(1, upstreamCalls.get());
        lateMayGo.countDown();

        RequestContext lateCtx = late.get(10, TimeUnit.SECONDS);
        assertInstanceOf(Outcome.Answered.class, lateCtx.attribute(OUTCOME).orElseThrow());
        assertEquals(1, upstreamCalls.get(), "the late request called upstream again for an answer the cache held");
        assertEquals(CacheStatus.HIT_EXACT.header(), lateCtx.responseHeaderValue(CacheStatus.HEADER));
    }

    private static final RequestContext.Key<Outcome> OUTCOME = RequestContext.Key.of("test.outcome", Outcome.class);

    private static RequestContext ctx(String id) {
        RequestContext ctx = new RequestContext(id, name -> Optional.empty(), () -> new byte[0]);
        ctx.caller(Caller.open("tenant"));
        ctx.request(ChatCompletionRequest.of("support", List.of(ChatMessage.user(QUESTION))));
        ctx.deployment(Deployment.mock("support", Duration.ZERO));
        return ctx;
    }

    /** Holds the request named "late" after the exact tier until the test lets it go. */
    private Stage gate() {
        return new Stage() {
            @Override
            public String name() {
                return "gate";
            }

            @Override
            public Optional<Outcome> before(RequestContext ctx) {
                if (ctx.requestId().equals("late")) {
                    lateArrived.countDown();
                    try {
                        lateMayGo.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.empty();
            }
        };
    }

    private Stage upstream() {
        return new Stage() {
            @Override
            public String name() {
                return "upstream";
            }

            @Override
            public Optional<Outcome> before(RequestContext ctx) {
                upstreamCalls.incrementAndGet();
                ctx.servedBy(new ServedBy("mock", "mock-1"));
                return Optional.of(new Outcome.Answered(ChatCompletionResponse.of("chatcmpl-1", 1, "mock-1",
                        ChatMessage.assistant("Your bank declined it; call them."), FinishReason.STOP, Usage.of(8, 8))));
            }
        };
    }
}
