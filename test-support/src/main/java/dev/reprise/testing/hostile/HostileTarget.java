package dev.reprise.testing.hostile;

/**
 * What the corpus needs to know of the gateway under test: a model alias that answers, a client key that works
 * (null in open mode) and the admin key (null when the admin API is off), so that some hostile requests get past
 * authentication and reach the parsers behind it.
 */
public record HostileTarget(String model, String apiKey, String adminKey) {
}
