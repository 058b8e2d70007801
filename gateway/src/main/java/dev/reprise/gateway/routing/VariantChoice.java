package dev.reprise.gateway.routing;

/** The A/B variant a request was assigned to, and the alias whose split assigned it (the metrics' label). */
public record VariantChoice(String alias, Variant variant) {
}
