package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.judge.JudgeLabel;
import dev.reprise.gateway.judge.LabelStore;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code GET /admin/cache/judge/pairs}: the judge's labels as training pairs for {@code ./reprise train-verifier
 * --pairs}, one JSON line each: {@code a} the stored question, {@code b} the new one, {@code label} 1 when one answer
 * serves both, else 0. A 409 while {@code cache.judge} is off.
 */
final class JudgePairsExport {

    private final LabelStore labels;

    /** @param labels the judge's labels, or null when the judge is off */
    JudgePairsExport(LabelStore labels) {
        this.labels = labels;
    }

    void handle(ServerRequest req, ServerResponse res) {
        if (labels == null) {
            throw new GatewayError(409, GatewayError.INVALID_REQUEST, "judge_disabled", null,
                    "The cache judge is off, so it has no labels. Set cache.judge.alias in the gateway config and "
                            + "restart.", null).toException();
        }
        List<JudgeLabel> all;
        try {
            all = labels.all();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the judge's labels " + labels.file(), e);
        }
        StringBuilder out = new StringBuilder();
        for (JudgeLabel label : all) {
            ObjectNode line = WireJson.mapper().createObjectNode();
            line.put("a", label.cachedQuestion());
            line.put("b", label.newQuestion());
            line.put("label", label.same() ? 1 : 0);
            line.put("source", "judge");
            line.put("similarity", label.similarity());
            try {
                out.append(WireJson.mapper().writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a label is always serialisable", e);
            }
        }
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        res.send(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
