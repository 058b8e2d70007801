package dev.reprise.gateway.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request coalescing: concurrent identical misses make one upstream call and the others wait for its
 * answer. The first caller for a key becomes the leader and runs the call; the entry is removed when
 * the call ends, or for a reusable answer once the cache holds it, so a later request hits the cache.
 */
public final class InflightCalls<V> {

    private final ConcurrentHashMap<String, CompletableFuture<V>> inflight = new ConcurrentHashMap<>();

    /** The result of {@link #join}: the shared future, and whether this caller must run the call. */
    public record Ticket<V>(CompletableFuture<V> future, boolean leader) {
    }

    /**
     * Joins the call for {@code key}. A leader must complete the ticket's future itself, by
     * {@link #complete} or {@link #fail}; followers just wait on it.
     */
    public Ticket<V> join(String key) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = inflight.putIfAbsent(key, mine);
        return existing == null ? new Ticket<>(mine, true) : new Ticket<>(existing, false);
    }

    /**
     * Completes the ticket for its followers but keeps it joinable until {@link #release}: a request that comes
     * after the answer and before the cache holds it follows this answer instead of calling upstream again.
     */
    public void completeHeld(Ticket<V> ticket, V value) {
        ticket.future().complete(value);
    }

    /** Ends the ticket's call for new joiners; nothing happens when it already ended. */
    public void release(String key, Ticket<V> ticket) {
        inflight.remove(key, ticket.future());
    }

    public void complete(String key, Ticket<V> ticket, V value) {
        inflight.remove(key, ticket.future());
        ticket.future().complete(value);
    }

    public void fail(String key, Ticket<V> ticket, Throwable error) {
        inflight.remove(key, ticket.future());
        ticket.future().completeExceptionally(error);
    }
}
