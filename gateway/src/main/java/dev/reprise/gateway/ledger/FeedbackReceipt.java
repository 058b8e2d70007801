package dev.reprise.gateway.ledger;

/**
 * Feedback the ledger has written, with what it learned from the request's row: the routed alias ({@code model}),
 * the A/B variant and the alias whose split chose it (both null without a split), and whether it replaced an
 * earlier feedback for the same request.
 */
public record FeedbackReceipt(String requestId, String model, String variantAlias, String variant,
                              boolean replaced) {
}
