package dev.reprise.gateway.ledger;

import java.util.Optional;

/** Where {@code POST /v1/feedback} writes: the usage ledger, which holds the requests that feedback refers to. */
@FunctionalInterface
public interface FeedbackRecorder {

    /**
     * Writes the feedback once it is durable, or returns empty when the tenant has no such request.
     *
     * @throws LedgerException when the ledger is closed or cannot write
     */
    Optional<FeedbackReceipt> record(Feedback feedback);
}
