package dev.reprise.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a starting gateway has opened so far, closed in the reverse order: a start that fails half-way closes what it
 * opened, and a stop closes everything, each part after the parts that use it (the listener before the ledger it
 * feeds, the judge before the providers it calls).
 */
final class ResourceStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResourceStack.class.getName());

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Keeps {@code resource} (null is skipped) and returns it. */
    <T extends AutoCloseable> T push(T resource) {
        if (resource != null) {
            opened.push(resource);
        }
        return resource;
    }

    /** Closes everything, last opened first; one part that fails to close is logged and the rest still close. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable next = opened.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + next.getClass().getSimpleName() + " failed", e);
            }
        }
    }
}
