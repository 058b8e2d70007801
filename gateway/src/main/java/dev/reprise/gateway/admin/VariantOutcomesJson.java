package dev.reprise.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.ledger.VariantOutcome;
import dev.reprise.models.wire.WireJson;

import java.time.Instant;
import java.util.List;

/** The body of {@code GET /admin/usage/variants}: one row per alias and A/B variant, cost and outcomes side by side. */
final class VariantOutcomesJson {

    private VariantOutcomesJson() {
    }

    static ObjectNode of(List<VariantOutcome> rows, Instant from, Instant to) {
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        ArrayNode data = out.putArray("data");
        for (VariantOutcome v : rows) {
            ObjectNode n = data.addObject();
            n.put("alias", v.alias());
            n.put("variant", v.variant());
            n.put("requests", v.requests());
            n.put("errors", v.errors());
            n.put("cache_hits", v.cacheHits());
            n.put("input_tokens", v.inputTokens());
            n.put("output_tokens", v.outputTokens());
            n.put("cost_usd", v.costUsd());
            n.put("latency_p50_ms", v.latencyP50Ms());
            n.put("latency_p95_ms", v.latencyP95Ms());
            n.put("feedback", v.feedback());
            n.put("scored", v.scored());
            if (v.meanScore() == null) {
                n.putNull("mean_score");
            } else {
                n.put("mean_score", v.meanScore());
            }
            ObjectNode labels = n.putObject("labels");
            v.labels().forEach(labels::put);
        }
        return out;
    }
}
