package dev.reprise.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.ledger.GuardrailReport;
import dev.reprise.models.wire.WireJson;

import java.time.Instant;

/** The body of {@code GET /admin/usage/guardrails}: per-day totals ({@code days}) and counts by kind ({@code data}). */
final class GuardrailReportJson {

    private GuardrailReportJson() {
    }

    static ObjectNode of(GuardrailReport report, Instant from, Instant to) {
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        ArrayNode days = out.putArray("days");
        for (GuardrailReport.Day d : report.days()) {
            ObjectNode n = days.addObject();
            n.put("day", d.day().toString());
            n.put("blocked", d.blocked());
            n.put("redacted", d.redacted());
            n.put("logged", d.logged());
            n.put("flagged", d.flagged());
        }
        ArrayNode data = out.putArray("data");
        for (GuardrailReport.Count c : report.counts()) {
            ObjectNode n = data.addObject();
            n.put("day", c.day().toString());
            n.put("guardrail", c.guardrail());
            n.put("action", c.action());
            n.put("type", c.type());
            n.put("requests", c.requests());
        }
        return out;
    }
}
