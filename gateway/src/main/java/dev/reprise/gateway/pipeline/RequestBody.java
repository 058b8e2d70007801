package dev.reprise.gateway.pipeline;

/**
 * The raw request body, read on demand so that callers without a valid key are refused before the
 * body is read. Reading more than the configured limit fails with a 413
 * {@link dev.reprise.gateway.error.GatewayException}.
 */
@FunctionalInterface
public interface RequestBody {

    byte[] read();
}
