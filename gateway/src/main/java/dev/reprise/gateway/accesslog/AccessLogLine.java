package dev.reprise.gateway.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reprise.gateway.pipeline.SettledRequest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A settled request as one JSON object on one line. Field names match the ledger's {@code /admin/requests} rows, so
 * one parser reads both. Never a key or a header; text only when asked for.
 */
final class AccessLogLine {

    private static final JsonFactory JSON = new JsonFactory();

    private AccessLogLine() {
    }

    static String of(SettledRequest r, boolean includeText) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", r.at().toString());
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("tenant", r.tenant());
            g.writeStringField("key_id", r.keyId());
            g.writeStringField("model", r.alias());
            g.writeStringField("requested_model", r.requestedAlias());
            g.writeStringField("route", r.route());
            g.writeStringField("variant", r.variant() == null ? null : r.variant().name());
            g.writeStringField("provider", r.provider());
            g.writeStringField("deployment", r.deployment());
            g.writeStringField("upstream_model", r.upstreamModel());
            g.writeNumberField("attempts", r.attempts());
            g.writeStringField("fallback_from", r.fallback() == null ? null : r.fallback().from());
            g.writeStringField("fallback_to", r.fallback() == null ? null : r.fallback().to());
            g.writeStringField("fallback_reason", r.fallback() == null ? null : r.fallback().reason());
            g.writeStringField("tier", r.cache().tier().label());
            if (r.cache().similarity() != null) {
                g.writeNumberField("similarity", r.cache().similarity());
            }
            if (r.cache().probability() != null) {
                g.writeNumberField("verifier_probability", r.cache().probability());
            }
            g.writeStringField("entry", r.cache().entry());
            g.writeBooleanField("coalesced", r.cache().coalesced());
            g.writeNumberField("status", r.status());
            g.writeStringField("error_code", r.errorCode());
            g.writeNumberField("latency_ms", millis(r.latency().toNanos()));
            if (r.timeToFirstToken() != null) {
                g.writeNumberField("ttft_ms", millis(r.timeToFirstToken().toNanos()));
            }
            g.writeNumberField("input_tokens", r.tokens().input());
            g.writeNumberField("output_tokens", r.tokens().output());
            g.writeBooleanField("tokens_estimated", r.tokens().estimated());
            g.writeStringField("tokens_source", r.tokens().source().name().toLowerCase(java.util.Locale.ROOT));
            g.writeNumberField("cost_usd", r.costUsd());
            g.writeNumberField("saved_usd", r.savedUsd());
            g.writeBooleanField("stream", r.streamed());
            if (r.guardrail().piiAction() != null) {
                g.writeStringField("pii_action", r.guardrail().piiAction());
                g.writeStringField("pii_types", String.join(",", r.guardrail().piiTypes()));
            }
            if (r.guardrail().injection() != null) {
                g.writeStringField("injection", r.guardrail().injection());
            }
            if (includeText) {
                g.writeStringField("prompt", r.prompt());
                g.writeStringField("answer", r.answerText());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
