package dev.reprise.models.provider;

import dev.reprise.models.wire.ChatCompletionResponse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Records a stream: its deltas, how it ended, and how many times it ended. */
final class RecordingListener implements StreamListener {

    static final Duration WAIT = Duration.ofSeconds(45);

    final List<StreamDelta> deltas = new CopyOnWriteArrayList<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    private final CompletableFuture<Object> end = new CompletableFuture<>();
    private final CountDownLatch firstDelta = new CountDownLatch(1);

    @Override
    public void onDelta(StreamDelta delta) {
        deltas.add(delta);
        firstDelta.countDown();
    }

    @Override
    public void onComplete(ChatCompletionResponse response) {
        completions.incrementAndGet();
        end.complete(response);
    }

    @Override
    public void onError(ProviderException error) {
        errors.incrementAndGet();
        end.complete(error);
    }

    boolean awaitFirstDelta() throws InterruptedException {
        return firstDelta.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    ChatCompletionResponse awaitComplete() throws Exception {
        Object result = end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (result instanceof ProviderException e) {
            throw new AssertionError("expected the stream to complete, it failed: " + e.getMessage(), e);
        }
        assertEndedOnce();
        return (ChatCompletionResponse) result;
    }

    ProviderException awaitError() throws Exception {
        Object result = end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!(result instanceof ProviderException e)) {
            return fail("expected the stream to fail, it completed with " + result);
        }
        assertEndedOnce();
        return e;
    }

    /** The terminal event, or null when none came within {@code timeout}. */
    Object awaitEnd(Duration timeout) throws Exception {
        try {
            return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException none) {
            return null;
        }
    }

    String text() {
        return deltas.stream().filter(d -> d.content() != null).map(StreamDelta::content).collect(Collectors.joining());
    }

    List<StreamDelta.ToolCallFragment> toolFragments() {
        return deltas.stream().filter(d -> d.toolCall() != null).map(StreamDelta::toolCall).toList();
    }

    void assertEndedOnce() {
        assertEquals(1, completions.get() + errors.get(), "exactly one of onComplete/onError");
        assertTrue(end.isDone());
    }
}
