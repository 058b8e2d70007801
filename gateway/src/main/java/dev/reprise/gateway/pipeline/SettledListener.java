package dev.reprise.gateway.pipeline;

/**
 * Receives each request's {@link SettledRequest} once its outcome is final (for a stream, when it ends). Runs on
 * the thread that settled the request, after the response was handed over: it must be quick and must not block
 * (queue anything slow). Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface SettledListener {

    void settled(SettledRequest request);
}
