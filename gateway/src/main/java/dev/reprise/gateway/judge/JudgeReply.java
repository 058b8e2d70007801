package dev.reprise.gateway.judge;

/**
 * What the judge model answered, with what the call took: the ledger keeps a row for it and the budget its cost.
 *
 * @param deployment the deployment id that answered
 */
public record JudgeReply(String text, long inputTokens, long outputTokens, boolean tokensReported, double costUsd,
                         String deployment, String provider, String upstreamModel, int attempts) {
}
