package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.budget.BudgetStatus;
import dev.reprise.gateway.budget.Budgets;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /admin/budgets}: every budget in force (each key's, each tenant's, each alias's) with what its scope
 * has spent in the current period and when that period resets. Needs the admin key.
 */
public final class AdminBudgetsService implements HttpService {

    private final Budgets budgets;
    private final Clock clock;
    private final AdminAuth auth;

    public AdminBudgetsService(Budgets budgets, Clock clock, Secret adminKey) {
        this.budgets = budgets;
        this.clock = clock;
        this.auth = new AdminAuth(adminKey);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/budgets", auth.guarded(this::list));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("at", now.toString());
        ArrayNode data = out.putArray("data");
        for (BudgetStatus s : budgets.all(now)) {
            ObjectNode n = data.addObject();
            n.put("scope", s.scope().label());
            n.put("id", s.id());
            n.put("limit_usd", s.budget().usd());
            n.put("period", s.budget().period().label());
            n.put("soft_limit", s.budget().softLimit());
            n.put("spent_usd", s.spentUsd());
            n.put("share", s.share());
            n.put("state", s.exceeded() ? "exceeded" : s.warned() ? "warning" : "ok");
            n.put("period_start", s.budget().period().start(now).toString());
            n.put("resets_at", s.resetsAt().toString());
        }
        try {
            res.status(200);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(WireJson.mapper().writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are always serialisable", e);
        }
    }
}
