package dev.reprise.gateway.stream;

import dev.reprise.models.provider.ProviderException;
import dev.reprise.models.provider.StreamDelta;
import dev.reprise.models.provider.StreamListener;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ChatCompletionResponse DONE = ChatCompletionResponse.of("id", 1, "m",
            ChatMessage.assistant("hi"), FinishReason.STOP, Usage.of(1, 1));

    /** A stream whose listener the test drives by hand; counts cancels. */
    private static LiveStream manual(AtomicReference<StreamListener> listener, AtomicInteger cancels) {
        return LiveStream.start("openai", l -> {
            listener.set(l);
            return cancels::incrementAndGet;
        });
    }

    @Test
    void should_deliver_deltas_then_complete_with_the_assembled_answer() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        LiveStream live = manual(listener, new AtomicInteger());
        CompletableFuture<ChatCompletionResponse> completion = live.completion();

        listener.get().onDelta(StreamDelta.text("h"));
        assertFalse(completion.isDone());
        listener.get().onComplete(DONE);

        assertEquals("h", ((LiveStream.Event.Delta) live.next(WAIT)).delta().content());
        assertEquals(DONE, ((LiveStream.Event.Done) live.next(WAIT)).response());
        assertEquals(DONE, completion.get());
        assertNull(live.next(Duration.ofMillis(1)), "nothing after the end");
    }

    @Test
    void should_fail_completion_on_an_upstream_error() {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        LiveStream live = manual(listener, new AtomicInteger());
        listener.get().onError(new ProviderException.ServerError("openai", 500, "boom", null));
        ExecutionException e = assertThrows(ExecutionException.class, () -> live.completion().get());
        assertInstanceOf(ProviderException.ServerError.class, e.getCause());
    }

    @Test
    void should_cancel_upstream_once_and_fail_completion_as_cancelled() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        AtomicInteger cancels = new AtomicInteger();
        LiveStream live = manual(listener, cancels);

        live.cancel();
        live.cancel();
        // What the provider says after a cancel is ignored: nobody is listening.
        listener.get().onComplete(DONE);

        assertEquals(1, cancels.get());
        assertTrue(live.isCancelled());
        ExecutionException e = assertThrows(ExecutionException.class, () -> live.completion().get());
        assertInstanceOf(ProviderException.Cancelled.class, e.getCause());
        assertInstanceOf(LiveStream.Event.Failed.class, live.next(WAIT));
    }

    @Test
    void should_not_let_a_caller_complete_the_shared_future() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        LiveStream live = manual(listener, new AtomicInteger());
        live.completion().complete(null);
        listener.get().onComplete(DONE);
        assertEquals(DONE, live.completion().get());
    }

    /** Upper-cases text and holds back a trailing "x" until the next piece or the end. */
    private static final class HoldingX implements TextFilter {
        private String held = "";

        @Override
        public String next(String piece) {
            String text = held + piece;
            int cut = text.endsWith("x") ? text.length() - 1 : text.length();
            held = text.substring(cut);
            return text.substring(0, cut).toUpperCase();
        }

        @Override
        public String flush() {
            String out = held.toUpperCase();
            held = "";
            return out;
        }
    }

    @Test
    void should_map_text_deltas_pass_tool_calls_and_send_what_is_held_before_the_end() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        LiveStream live = manual(listener, new AtomicInteger());
        listener.get().onDelta(StreamDelta.text("ab"));
        listener.get().onDelta(StreamDelta.text("x"));
        // Mapped after the first pieces arrived (the pipeline's hooks run once the stream has started): they go through.
        LiveStream mapped = live.mapText(new HoldingX());
        StreamDelta.ToolCallFragment call = new StreamDelta.ToolCallFragment(0, "call_1", "lookup", "{\"x\":1}");
        listener.get().onDelta(StreamDelta.toolCall(call));
        listener.get().onDelta(StreamDelta.text("cx"));
        listener.get().onComplete(ChatCompletionResponse.of("id", 1, "m", ChatMessage.assistant("abxcx"),
                FinishReason.STOP, Usage.of(1, 5)));

        assertEquals("AB", ((LiveStream.Event.Delta) mapped.next(WAIT)).delta().content());
        assertEquals(call, ((LiveStream.Event.Delta) mapped.next(WAIT)).delta().toolCall(), "tool calls untouched");
        assertEquals("XC", ((LiveStream.Event.Delta) mapped.next(WAIT)).delta().content());
        assertEquals("X", ((LiveStream.Event.Delta) mapped.next(WAIT)).delta().content(), "the held end, before done");
        ChatCompletionResponse done = ((LiveStream.Event.Done) mapped.next(WAIT)).response();
        assertEquals("ABXCX", done.firstChoice().message().text(), "the assembled answer is what was sent");
        assertEquals(Usage.of(1, 5), done.usage());
        assertEquals(done, mapped.completion().get());
        assertNull(live.next(Duration.ofMillis(1)), "the original hands everything to the mapped stream");
    }

    @Test
    void should_filter_a_whole_answer_given_only_at_the_end() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        LiveStream mapped = manual(listener, new AtomicInteger()).mapText(new HoldingX());
        listener.get().onComplete(DONE);
        assertEquals("HI", ((LiveStream.Event.Done) mapped.next(WAIT)).response().firstChoice().message().text());
    }

    @Test
    void should_cancel_the_original_when_the_mapped_stream_is_cancelled_and_pass_on_its_failure() throws Exception {
        AtomicReference<StreamListener> listener = new AtomicReference<>();
        AtomicInteger cancels = new AtomicInteger();
        LiveStream live = manual(listener, cancels);
        LiveStream mapped = live.mapText(new HoldingX());
        mapped.cancel();
        assertEquals(1, cancels.get());
        assertTrue(live.isCancelled());
        assertInstanceOf(LiveStream.Event.Failed.class, mapped.next(WAIT));

        AtomicReference<StreamListener> other = new AtomicReference<>();
        LiveStream failing = manual(other, new AtomicInteger());
        LiveStream mappedFailing = failing.mapText(new HoldingX());
        other.get().onDelta(StreamDelta.text("x"));
        other.get().onError(new ProviderException.ServerError("openai", 500, "boom", null));
        assertInstanceOf(LiveStream.Event.Failed.class, mappedFailing.next(WAIT), "what was held is dropped");
        ExecutionException e = assertThrows(ExecutionException.class, () -> mappedFailing.completion().get());
        assertInstanceOf(ProviderException.ServerError.class, e.getCause());
    }
}
