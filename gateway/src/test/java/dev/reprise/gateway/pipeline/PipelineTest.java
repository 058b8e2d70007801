package dev.reprise.gateway.pipeline;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import org.junit.jupiter.api.Test;

import dev.reprise.gateway.stream.LiveStream;
import dev.reprise.models.provider.StreamListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The stage contract: befores in order until one answers, afters in reverse for each stage that ran. */
class PipelineTest {

    private static final Outcome HIT = new Outcome.Answered(ChatCompletionResponse.of("id", 1, "m",
            ChatMessage.assistant("cached"), FinishReason.STOP, Usage.of(1, 1)));

    private final List<String> trace = new ArrayList<>();

    private Stage stage(String name, Function<RequestContext, Optional<Outcome>> before) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Outcome> before(RequestContext ctx) {
                trace.add("before " + name);
                return before.apply(ctx);
            }

            @Override
            public void after(RequestContext ctx, Outcome outcome) {
                trace.add("after " + name);
            }
        };
    }

    private Stage passing(String name) {
        return stage(name, ctx -> Optional.empty());
    }

    private static RequestContext ctx() {
        return new RequestContext("req_1", name -> Optional.empty(), () -> new byte[0]);
    }

    @Test
    void should_run_befores_in_order_and_afters_in_reverse() {
        Pipeline p = new Pipeline(List.of(passing("a"), passing("b"), stage("c", ctx -> Optional.of(HIT))));
        assertSame(HIT, p.run(ctx()));
        assertEquals(List.of("before a", "before b", "before c", "after c", "after b", "after a"), trace);
    }

    @Test
    void should_skip_later_stages_after_an_early_answer() {
        Pipeline p = new Pipeline(List.of(passing("a"), stage("cache", ctx -> Optional.of(HIT)), passing("invoke")));
        assertSame(HIT, p.run(ctx()));
        assertEquals(List.of("before a", "before cache", "after cache", "after a"), trace);
    }

    @Test
    void should_turn_a_thrown_gateway_error_into_a_refusal_and_still_run_afters() {
        Pipeline p = new Pipeline(List.of(passing("a"),
                stage("auth", ctx -> { throw GatewayError.invalidApiKey().toException(); }), passing("never")));
        Outcome outcome = p.run(ctx());
        assertEquals(401, ((Outcome.Refused) outcome).error().status());
        assertEquals(List.of("before a", "before auth", "after auth", "after a"), trace);
    }

    @Test
    void should_map_a_provider_exception_once() {
        Pipeline p = new Pipeline(List.of(stage("invoke", ctx -> {
            throw new ProviderException.Timeout("openai", "slow", null);
        })));
        assertEquals(504, ((Outcome.Refused) p.run(ctx())).error().status());
    }

    @Test
    void should_answer_500_for_an_unexpected_exception() {
        Pipeline p = new Pipeline(List.of(stage("buggy", ctx -> { throw new IllegalStateException("bug"); })));
        Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, p.run(ctx()));
        assertEquals(500, refused.error().status());
        assertEquals("server_error", refused.error().type());
    }

    @Test
    void should_answer_500_when_no_stage_answers() {
        assertEquals(500, ((Outcome.Refused) new Pipeline(List.of(passing("a"))).run(ctx())).error().status());
    }

    @Test
    void should_ignore_a_failing_after() {
        Stage failingAfter = new Stage() {
            @Override
            public String name() {
                return "metrics";
            }

            @Override
            public Optional<Outcome> before(RequestContext ctx) {
                return Optional.empty();
            }

            @Override
            public void after(RequestContext ctx, Outcome outcome) {
                throw new IllegalStateException("metrics down");
            }
        };
        Pipeline p = new Pipeline(List.of(passing("a"), failingAfter, stage("answer", ctx -> Optional.of(HIT))));
        assertSame(HIT, p.run(ctx()));
        assertEquals("after a", trace.get(trace.size() - 1));
    }

    @Test
    void should_share_typed_attributes_between_stages() {
        RequestContext.Key<String> namespace = RequestContext.Key.of("namespace", String.class);
        Pipeline p = new Pipeline(List.of(
                stage("key", ctx -> {
                    ctx.attribute(namespace, "ns-1");
                    return Optional.empty();
                }),
                stage("lookup", ctx -> ctx.attribute(namespace).filter("ns-1"::equals).map(ns -> HIT))));
        assertSame(HIT, p.run(ctx()));
    }

    private Stage settling(String name) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Outcome> before(RequestContext ctx) {
                return Optional.empty();
            }

            @Override
            public void onSettled(RequestContext ctx, SettledRequest settled) {
                trace.add("settled " + name + " " + settled.status());
            }
        };
    }

    private final long[] now = {1_000};

    private Pipeline settlingPipeline(Stage last, List<SettledRequest> seen) {
        return new Pipeline(List.of(settling("a"), settling("b"), last),
                List.of(r -> { throw new IllegalStateException("a broken consumer"); }, seen::add),
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC), () -> now[0]);
    }

    @Test
    void should_settle_an_answer_once_in_reverse_stage_order_then_for_each_consumer() {
        List<SettledRequest> seen = new ArrayList<>();
        Pipeline p = settlingPipeline(stage("answer", ctx -> {
            now[0] += 5_000_000;
            return Optional.of(HIT);
        }), seen);
        p.run(ctx());
        assertEquals(List.of("before answer", "after answer", "settled b 200", "settled a 200"), trace);
        assertEquals(1, seen.size(), "a failing consumer must not keep the next from the record");
        SettledRequest r = seen.getFirst();
        assertEquals("req_1", r.requestId());
        assertEquals(Instant.parse("2026-12-06T10:00:00Z"), r.at());
        assertEquals(Duration.ofMillis(5), r.latency());
        assertSame(((Outcome.Answered) HIT).response(), r.response());
        assertEquals(null, r.error());
        assertEquals(SettledRequest.CacheFacts.NONE, r.cache());
    }

    @Test
    void should_settle_a_refusal_with_its_error() {
        List<SettledRequest> seen = new ArrayList<>();
        GatewayError refused = GatewayError.modelNotFound("nope");
        settlingPipeline(stage("refuse", ctx -> { throw refused.toException(); }), seen).run(ctx());
        assertEquals(1, seen.size());
        assertEquals(404, seen.getFirst().status());
        assertEquals(refused.code(), seen.getFirst().errorCode());
        assertEquals(null, seen.getFirst().response());
    }

    @Test
    void should_settle_a_stream_only_when_it_ends_with_the_time_of_its_end() {
        List<SettledRequest> seen = new ArrayList<>();
        AtomicReference<StreamListener> upstream = new AtomicReference<>();
        Outcome streaming = new Outcome.Streaming(LiveStream.start("p", listener -> {
            upstream.set(listener);
            return () -> { };
        }));
        settlingPipeline(stage("stream", ctx -> Optional.of(streaming)), seen).run(ctx());
        assertEquals(List.of(), seen, "settled before the stream ended");
        now[0] += 7_000_000;
        upstream.get().onComplete(((Outcome.Answered) HIT).response());
        assertEquals(1, seen.size());
        assertEquals(200, seen.getFirst().status());
        assertEquals(Duration.ofMillis(7), seen.getFirst().latency());
        assertEquals(List.of("before stream", "after stream", "settled b 200", "settled a 200"), trace);
    }

    @Test
    void should_settle_a_failed_stream_with_the_mapped_error() {
        List<SettledRequest> seen = new ArrayList<>();
        AtomicReference<StreamListener> upstream = new AtomicReference<>();
        Outcome streaming = new Outcome.Streaming(LiveStream.start("p", listener -> {
            upstream.set(listener);
            return () -> { };
        }));
        settlingPipeline(stage("stream", ctx -> Optional.of(streaming)), seen).run(ctx());
        upstream.get().onError(new ProviderException.ServerError("p", 503, "down", null));
        assertEquals(1, seen.size());
        assertEquals(GatewayError.upstream(new ProviderException.ServerError("p", 503, "down", null)).status(),
                seen.getFirst().status());
        assertEquals(null, seen.getFirst().response());
    }
}
