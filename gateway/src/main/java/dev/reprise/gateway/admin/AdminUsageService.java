package dev.reprise.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.ledger.GuardrailFilter;
import dev.reprise.gateway.ledger.GuardrailReport;
import dev.reprise.gateway.ledger.LedgerReader;
import dev.reprise.gateway.ledger.LedgerRow;
import dev.reprise.gateway.ledger.RequestFilter;
import dev.reprise.gateway.ledger.RequestPage;
import dev.reprise.gateway.ledger.ShadowRow;
import dev.reprise.gateway.ledger.SimilarityHistogram;
import dev.reprise.gateway.ledger.UsageDimension;
import dev.reprise.gateway.ledger.UsageQuery;
import dev.reprise.gateway.ledger.UsageRow;
import dev.reprise.gateway.ledger.VariantFilter;
import dev.reprise.gateway.ledger.VariantOutcome;
import dev.reprise.gateway.shadow.ShadowSettings;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The usage ledger's admin API: {@code GET /admin/usage} (JSON or CSV), {@code GET /admin/usage/similarity},
 * {@code GET /admin/usage/guardrails}, {@code GET /admin/usage/variants} and {@code GET /admin/requests}, as /work/notes/usage-api.md and the README
 * describe. Every call needs the admin key. Queries run on the request's virtual thread with their own read connection.
 */
public final class AdminUsageService implements HttpService {

    private final LedgerReader ledger;
    private final Clock clock;
    private final Supplier<Map<String, Double>> thresholds;
    private final AdminAuth auth;
    private final double similarityBar;

    /** @param thresholds the cache's similarity threshold per alias now (empty with the cache off) */
    public AdminUsageService(LedgerReader ledger, Clock clock, Supplier<Map<String, Double>> thresholds,
                             Secret adminKey) {
        this(ledger, clock, thresholds, adminKey, ShadowSettings.DEFAULT_SIMILARITY_BAR);
    }

    /** @param similarityBar the shadow report's default bar ({@code shadow.similarity-bar}) */
    public AdminUsageService(LedgerReader ledger, Clock clock, Supplier<Map<String, Double>> thresholds,
                             Secret adminKey, double similarityBar) {
        this.ledger = ledger;
        this.clock = clock;
        this.thresholds = thresholds;
        this.auth = new AdminAuth(adminKey);
        this.similarityBar = similarityBar;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/usage", auth.guarded(this::usage));
        rules.get("/usage/similarity", auth.guarded(this::similarity));
        rules.get("/usage/guardrails", auth.guarded(this::guardrails));
        rules.get("/usage/variants", auth.guarded(this::variants));
        rules.get("/requests", auth.guarded(this::requests));
    }

    private void usage(ServerRequest req, ServerResponse res) {
        UsageParams p = new UsageParams(req.query());
        Instant[] range = p.range(clock.instant());
        if (p.shadowGrouping()) {
            shadow(p, range, res);
            return;
        }
        List<UsageDimension> groupBy = p.groupBy();
        boolean csv = p.csv();
        List<UsageRow> rows = ledger.usage(new UsageQuery(range[0], range[1], groupBy));
        if (csv) {
            res.status(200);
            res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
            res.send(UsageCsv.of(rows, groupBy.size() > 1).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("from", range[0].toString());
        out.put("to", range[1].toString());
        groupBy.forEach(d -> out.withArray("group_by").add(d.label()));
        ArrayNode data = out.putArray("data");
        for (UsageRow r : rows) {
            ObjectNode n = data.addObject();
            n.put("group", r.group());
            if (groupBy.size() > 1) {
                n.put("subgroup", r.subgroup());
            }
            n.put("requests", r.requests());
            n.put("cache_hits", r.cacheHits());
            n.put("exact_hits", r.exactHits());
            n.put("semantic_hits", r.semanticHits());
            n.put("fallbacks", r.fallbacks());
            n.put("errors", r.errors());
            n.put("input_tokens", r.inputTokens());
            n.put("output_tokens", r.outputTokens());
            n.put("cost_usd", r.costUsd());
            n.put("saved_usd", r.savedUsd());
            n.put("latency_p50_ms", r.latencyP50Ms());
            n.put("latency_p95_ms", r.latencyP95Ms());
            n.put("judge_calls", r.judgeCalls());
            n.put("judge_cost_usd", r.judgeCostUsd());
            n.put("judge_saved_usd", r.judgeSavedUsd());
        }
        send(res, out);
    }

    /** {@code group_by=shadow} (or {@code shadow,hour} / {@code shadow,day}): each candidate against its primary. */
    private void shadow(UsageParams p, Instant[] range, ServerResponse res) {
        if (p.csv()) {
            throw UsageParams.bad("'format=csv' is not offered with 'group_by=shadow' (its rows nest each side's "
                    + "figures); ask for json.", "format");
        }
        UsageDimension bucket = p.shadowBucket();
        double bar = p.number("similarity_bar", similarityBar, -1, 1);
        List<ShadowRow> rows = ledger.shadow(range[0], range[1], bucket, bar);
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("from", range[0].toString());
        out.put("to", range[1].toString());
        out.withArray("group_by").add("shadow");
        if (bucket != null) {
            out.withArray("group_by").add(bucket.label());
        }
        out.put("similarity_bar", bar);
        ArrayNode data = out.putArray("data");
        for (ShadowRow r : rows) {
            ObjectNode n = data.addObject();
            n.put("primary_alias", r.primaryAlias());
            n.put("candidate_alias", r.candidateAlias());
            if (bucket != null) {
                n.put("time", r.bucket());
            }
            n.put("requests", r.requests());
            side(n.putObject("primary"), r.primary());
            side(n.putObject("candidate"), r.candidate());
            n.put("compared", r.compared());
            if (r.meanSimilarity() == null) {
                n.putNull("similarity_mean");
            } else {
                n.put("similarity_mean", r.meanSimilarity());
            }
            n.put("similar_share", r.compared() == 0 ? 0 : Math.round(1e6 * r.alike() / (double) r.compared()) / 1e6);
        }
        send(res, out);
    }

    private static void side(ObjectNode n, ShadowRow.Side s) {
        n.put("errors", s.errors());
        n.put("latency_p50_ms", s.latencyP50Ms());
        n.put("latency_p95_ms", s.latencyP95Ms());
        n.put("input_tokens", s.inputTokens());
        n.put("output_tokens", s.outputTokens());
        n.put("cost_usd", s.costUsd());
    }

    private void similarity(ServerRequest req, ServerResponse res) {
        UsageParams p = new UsageParams(req.query());
        Instant[] range = p.range(clock.instant());
        String model = p.text("model");
        int bins = p.integer("bins", UsageParams.DEFAULT_BINS, 1, UsageParams.MAX_BINS);
        SimilarityHistogram h = ledger.similarity(range[0], range[1], model, bins);
        ObjectNode out = WireJson.mapper().createObjectNode();
        ArrayNode list = out.putArray("bins");
        for (SimilarityHistogram.Bin b : h.bins()) {
            ObjectNode n = list.addObject();
            n.put("from", b.from());
            n.put("to", b.to());
            n.put("count", b.count());
        }
        ObjectNode t = out.putObject("thresholds");
        new TreeMap<>(thresholds.get()).forEach((alias, threshold) -> {
            if (model == null || model.equals(alias)) {
                t.put(alias, threshold);
            }
        });
        out.put("lookups", h.lookups());
        send(res, out);
    }

    private void guardrails(ServerRequest req, ServerResponse res) {
        UsageParams p = new UsageParams(req.query());
        Instant[] range = p.range(clock.instant());
        GuardrailReport report = ledger.guardrails(new GuardrailFilter(range[0], range[1], p.text("model"),
                p.text("tenant")));
        send(res, GuardrailReportJson.of(report, range[0], range[1]));
    }

    private void variants(ServerRequest req, ServerResponse res) {
        UsageParams p = new UsageParams(req.query());
        Instant[] range = p.range(clock.instant());
        List<VariantOutcome> rows = ledger.variants(new VariantFilter(range[0], range[1], p.text("model")));
        send(res, VariantOutcomesJson.of(rows, range[0], range[1]));
    }

    private void requests(ServerRequest req, ServerResponse res) {
        UsageParams p = new UsageParams(req.query());
        Instant[] range = p.range(clock.instant());
        String status = p.text("status");
        Integer code = null;
        Boolean errors = null;
        if ("error".equals(status) || "ok".equals(status)) {
            errors = status.equals("error");
        } else if (status != null) {
            if (!status.matches("[1-5][0-9][0-9]")) {
                throw UsageParams.bad("'status' must be an HTTP status such as 502, or ok or error; got "
                        + ClientValue.quote(status) + ".", "status");
            }
            code = Integer.parseInt(status);
        }
        RequestFilter filter = new RequestFilter(range[0], range[1], p.text("model"), p.text("tenant"), code, errors,
                p.bool("fallback"), p.tier(),
                p.integer("limit", RequestFilter.DEFAULT_LIMIT, 1, RequestFilter.MAX_LIMIT), p.before());
        RequestPage page = ledger.requests(filter);
        ObjectNode out = WireJson.mapper().createObjectNode();
        ArrayNode data = out.putArray("data");
        page.rows().forEach(r -> data.add(row(r)));
        if (page.next() == null) {
            out.putNull("next");
        } else {
            out.put("next", page.next().toString());
        }
        send(res, out);
    }

    private static ObjectNode row(LedgerRow r) {
        ObjectNode n = WireJson.mapper().createObjectNode();
        n.put("time", Instant.ofEpochMilli(r.atMillis()).toString());
        n.put("request_id", r.requestId());
        n.put("tenant", r.tenant());
        n.put("key_id", r.keyId());
        n.put("model", r.model());
        n.put("requested_model", r.requestedModel());
        n.put("route", r.route());
        n.put("variant", r.variant());
        n.put("provider", r.provider());
        n.put("deployment", r.deployment());
        n.put("upstream_model", r.upstreamModel());
        n.put("attempts", r.attempts());
        n.put("fallback_from", r.fallbackFrom());
        n.put("fallback_to", r.fallbackTo());
        n.put("fallback_reason", r.fallbackReason());
        n.put("tier", r.tier());
        n.put("similarity", r.similarity());
        n.put("entry", r.cacheEntry());
        n.put("coalesced", r.coalesced());
        n.put("status", r.status());
        n.put("error_code", r.errorCode());
        n.put("latency_ms", r.latencyMs());
        n.put("ttft_ms", r.ttftMs());
        n.put("input_tokens", r.inputTokens());
        n.put("output_tokens", r.outputTokens());
        n.put("tokens_estimated", "estimated".equals(r.tokenSource()));
        n.put("tokens_source", r.tokenSource());
        n.put("cost_usd", r.costUsd());
        n.put("saved_usd", r.savedUsd());
        n.put("stream", r.stream());
        n.put("kind", r.kind());
        if (r.shadowOf() != null) {
            n.put("shadow_of", r.shadowOf());
            n.put("answer_similarity", r.answerSimilarity());
        }
        LedgerRow.Guardrail g = r.guardrail();
        n.put("pii_action", g.piiAction());
        ArrayNode types = n.putArray("pii_types");
        g.piiTypes().forEach(types::add);
        n.put("pii_count", g.piiCount());
        n.put("injection", g.injection());
        n.put("injection_category", g.injectionCategory());
        if (r.prompt() != null) {
            n.put("prompt", r.prompt());
        }
        if (r.answer() != null) {
            n.put("answer", r.answer());
        }
        return n;
    }

    private static void send(ServerResponse res, JsonNode body) {
        try {
            res.status(200);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(WireJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are always serialisable", e);
        }
    }
}
