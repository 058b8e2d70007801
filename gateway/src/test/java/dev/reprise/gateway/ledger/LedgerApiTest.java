package dev.reprise.gateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.GatewayStartException;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.testing.TenantYaml;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.reprise.gateway.ledger.LedgerEndToEndTest.find;
import static dev.reprise.gateway.ledger.LedgerEndToEndTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /admin/usage} and {@code /admin/requests} over a known day of mock traffic: groups, CSV, filters, pages. */
class LedgerApiTest {

    static final String YAML = TenantYaml.ACME_AND_GLOBEX + """
            admin:
              key: adm-1
            models:
              - name: mock
                provider: mock
                latency: 0ms
                price: { input: 0.15, output: 0.60 }
                variants:
                  - { name: control, weight: 1 }
                  - { name: terse, weight: 1, prompt: "Be brief.", prompt-mode: prefix }
              - name: other
                provider: mock
                latency: 0ms
                price: { input: 1.0, output: 2.0 }
            ledger:
              flush-interval: 1m
            """;
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final String RANGE = "from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z";

    private final TestClock clock = new TestClock(T0);
    private GatewayFixture fx;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void start() {
        fx = GatewayFixture.start(GatewayFixture.config(YAML), Gateway.Options.defaults().withClock(clock));
    }

    private void ask(String tenantKey, String model, String text) {
        HttpResponse<String> res = fx.post("/v1/chat/completions", GatewayFixture.chat(model, text),
                "Authorization", "Bearer " + tenantKey);
        assertEquals(200, res.statusCode(), res.body());
    }

    /** Day one: acme asks mock twice and other once, globex mock once; day two: globex asks other twice. */
    private void traffic() {
        ask("sk-acme", "mock", "first question");
        ask("sk-acme", "mock", "second question");
        ask("sk-globex", "mock", "third question");
        ask("sk-acme", "other", "fourth question");
        clock.advance(Duration.ofDays(1));
        ask("sk-globex", "other", "fifth question");
        ask("sk-globex", "other", "sixth question");
        fx.gateway.ledger().orElseThrow().flush();
    }

    private JsonNode admin(String pathAndQuery) {
        HttpResponse<String> res = fx.get(pathAndQuery, "Authorization", "Bearer adm-1");
        assertEquals(200, res.statusCode(), pathAndQuery + ": " + res.body());
        return json(res.body());
    }

    private static List<String> groups(JsonNode usage) {
        List<String> out = new ArrayList<>();
        usage.get("data").forEach(r -> out.add(r.get("group").asText()
                + (r.has("subgroup") ? "/" + r.get("subgroup").asText() : "") + "=" + r.get("requests").asLong()));
        return out;
    }

    @Test
    void should_group_usage_by_day_model_tenant_deployment_and_variant() {
        start();
        traffic();

        assertEquals(List.of("2026-12-06=4", "2026-12-07=2"), groups(admin("/admin/usage?" + RANGE)));
        assertEquals(List.of("mock=3", "other=3"), groups(admin("/admin/usage?" + RANGE + "&group_by=model")));
        assertEquals(List.of("acme=3", "globex=3"), groups(admin("/admin/usage?" + RANGE + "&group_by=tenant")));
        assertEquals(List.of("mock#0=3", "other#0=3"),
                groups(admin("/admin/usage?" + RANGE + "&group_by=deployment")));
        assertEquals(List.of("2026-12-06T10:00:00Z=4", "2026-12-07T10:00:00Z=2"),
                groups(admin("/admin/usage?" + RANGE + "&group_by=hour")));

        JsonNode variants = admin("/admin/usage?" + RANGE + "&group_by=variant");
        assertEquals(3, find(variants, UsageDimension.NONE).get("requests").asLong(), "other has no A/B split");
        long split = 0;
        for (JsonNode r : variants.get("data")) {
            String v = r.get("group").asText();
            assertTrue(Set.of(UsageDimension.NONE, "control", "terse").contains(v), v);
            split += v.equals(UsageDimension.NONE) ? 0 : r.get("requests").asLong();
        }
        assertEquals(3, split);

        JsonNode byModel = admin("/admin/usage?" + RANGE + "&group_by=model");
        JsonNode other = find(byModel, "other");
        assertTrue(other.get("cost_usd").asDouble() > 0, other.toString());
        assertTrue(other.get("input_tokens").asLong() > 0 && other.get("output_tokens").asLong() > 0);
        assertTrue(other.get("latency_p95_ms").asDouble() >= other.get("latency_p50_ms").asDouble());
        assertEquals(0, other.get("cache_hits").asLong());
        assertEquals(List.of("model"), List.of(byModel.get("group_by").get(0).asText()));
        assertEquals("2026-12-01T00:00:00Z", byModel.get("from").asText());
        assertFalse(other.has("subgroup"), "one dimension: no subgroup");
    }

    @Test
    void should_group_by_two_dimensions_and_answer_the_same_as_csv() {
        start();
        traffic();

        JsonNode usage = admin("/admin/usage?" + RANGE + "&group_by=day,model");
        assertEquals(List.of("2026-12-06/mock=3", "2026-12-06/other=1", "2026-12-07/other=2"), groups(usage));
        JsonNode dayOne = find(usage, "2026-12-06", "other");
        double daySum = find(admin("/admin/usage?" + RANGE + "&group_by=day"), "2026-12-06").get("cost_usd").asDouble();
        assertEquals(daySum, find(usage, "2026-12-06", "mock").get("cost_usd").asDouble()
                + dayOne.get("cost_usd").asDouble(), 1e-12);

        HttpResponse<String> csv = fx.get("/admin/usage?" + RANGE + "&group_by=day,model&format=csv",
                "Authorization", "Bearer adm-1");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElseThrow().startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("group,subgroup,requests,cache_hits,exact_hits,semantic_hits,fallbacks,errors,input_tokens,"
                + "output_tokens,cost_usd,saved_usd,latency_p50_ms,latency_p95_ms,judge_calls,judge_cost_usd,"
                + "judge_saved_usd", lines.get(0));
        assertEquals(4, lines.size(), csv.body());
        String[] cells = lines.get(2).split(",");
        assertEquals("2026-12-06", cells[0]);
        assertEquals("other", cells[1]);
        assertEquals("1", cells[2]);
        assertEquals(dayOne.get("input_tokens").asText(), cells[8]);
        assertEquals(dayOne.get("cost_usd").asDouble(), Double.parseDouble(cells[10]), 1e-15);
        assertFalse(cells[10].contains("E"), "plain decimals: " + cells[10]);

        List<String> oneDim = fx.get("/admin/usage?" + RANGE + "&format=csv", "Authorization", "Bearer adm-1")
                .body().lines().toList();
        assertTrue(oneDim.get(0).startsWith("group,requests,"), oneDim.get(0));
        assertTrue(oneDim.get(1).startsWith("2026-12-06,4,"), oneDim.get(1));
    }

    @Test
    void should_count_only_the_range_asked_for_with_24_hours_to_now_by_default() {
        start();
        traffic();

        assertEquals(List.of("2026-12-07=2"),
                groups(admin("/admin/usage?from=2026-12-06T12:00:00Z&to=2026-12-31T00:00:00Z")));
        assertEquals(List.of("2026-12-06=4"), groups(admin("/admin/usage?from=" + T0.toEpochMilli()
                + "&to=" + T0.plus(Duration.ofHours(1)).toEpochMilli())));
        // Now is day two at 10:00: the last 24 hours include day one's 10:00 too (both ends count).
        assertEquals(List.of("2026-12-06=4", "2026-12-07=2"), groups(admin("/admin/usage")));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("2026-12-07=2"), groups(admin("/admin/usage?from=&to=")));
    }

    @Test
    void should_list_requests_most_recent_first_with_filters_and_pages() {
        start();
        traffic();

        JsonNode first = admin("/admin/requests?" + RANGE + "&limit=4");
        assertEquals(4, first.get("data").size());
        assertFalse(first.get("next").isNull());
        JsonNode second = admin("/admin/requests?" + RANGE + "&limit=4&before=" + first.get("next").asText());
        assertEquals(2, second.get("data").size());
        assertTrue(second.get("next").isNull());
        List<String> times = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode page : List.of(first, second)) {
            page.get("data").forEach(r -> {
                times.add(r.get("time").asText());
                ids.add(r.get("request_id").asText());
            });
        }
        assertEquals(6, ids.size(), "no row on two pages");
        assertEquals(times.stream().sorted(java.util.Comparator.reverseOrder()).toList(), times, "newest first");
        assertEquals("2026-12-07T10:00:00Z", times.getFirst());

        assertEquals(3, admin("/admin/requests?" + RANGE + "&model=other").get("data").size());
        JsonNode globexOther = admin("/admin/requests?" + RANGE + "&model=other&tenant=globex");
        assertEquals(2, globexOther.get("data").size());
        globexOther.get("data").forEach(r -> assertEquals("globex", r.get("tenant").asText()));
        assertEquals(6, admin("/admin/requests?" + RANGE + "&tier=none").get("data").size());
        assertEquals(0, admin("/admin/requests?" + RANGE + "&tier=hit-exact").get("data").size());
        assertEquals(0, admin("/admin/requests?" + RANGE + "&fallback=true").get("data").size());
        assertEquals(6, admin("/admin/requests?" + RANGE + "&status=200").get("data").size());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(2, admin("/admin/requests").get("data").size(), "by default the last 24 hours");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/admin/usage?from=yesterday                         | from",
            "/admin/usage?to=2026-13-01T00:00:00Z                | to",
            "/admin/usage?from=2026-12-07T00:00:00Z&to=2026-12-06T00:00:00Z | from",
            "/admin/usage?group_by=week                          | group_by",
            "/admin/usage?group_by=day,model,tenant              | group_by",
            "/admin/usage?group_by=day,day                       | group_by",
            "/admin/usage?format=xml                             | format",
            "/admin/usage/similarity?bins=0                      | bins",
            "/admin/usage/similarity?bins=lots                   | bins",
            "/admin/requests?limit=0                             | limit",
            "/admin/requests?limit=501                           | limit",
            "/admin/requests?fallback=maybe                      | fallback",
            "/admin/requests?tier=warm                           | tier",
            "/admin/requests?status=teapot                       | status",
            "/admin/requests?status=1000                         | status",
            "/admin/requests?before=page-two                     | before",
    })
    void should_refuse_a_bad_parameter_with_a_400_naming_it(String path, String param) {
        start();
        HttpResponse<String> res = fx.get(path, "Authorization", "Bearer adm-1");

        assertEquals(400, res.statusCode(), res.body());
        JsonNode error = json(res.body()).get("error");
        assertEquals(param, error.get("param").asText(), res.body());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertFalse(error.get("message").asText().isBlank());
    }

    @Test
    void should_need_the_admin_key() {
        start();
        assertEquals(401, fx.get("/admin/usage").statusCode());
        assertEquals(401, fx.get("/admin/requests", "Authorization", "Bearer sk-acme").statusCode());
        assertEquals(401, fx.get("/admin/usage/similarity", "Authorization", "Bearer nope").statusCode());
    }

    @Test
    void should_store_prompt_and_answer_only_with_store_text() {
        fx = GatewayFixture.start(GatewayFixture.config(YAML + "  store-text: true\n"),
                Gateway.Options.defaults().withClock(clock));
        ask("sk-acme", "other", "Is my text kept?");
        fx.gateway.ledger().orElseThrow().flush();

        JsonNode row = admin("/admin/requests?" + RANGE).get("data").get(0);
        assertEquals("Is my text kept?", row.get("prompt").asText());
        assertTrue(row.get("answer").asText().contains("Is my text kept?"), row.toString()); // the mock echoes
    }

    @Test
    void should_export_the_dropped_counter_and_answer_404_with_the_ledger_off() {
        start();
        assertTrue(fx.get("/metrics").body().contains("reprise_ledger_dropped_total{reason=\"queue_full\"} 0.0"));
        fx.close();

        fx = GatewayFixture.start(GatewayFixture.config(YAML + "  enabled: false\n"), Gateway.Options.defaults());
        assertTrue(fx.gateway.ledger().isEmpty());
        assertEquals(404, fx.get("/admin/usage", "Authorization", "Bearer adm-1").statusCode());
        assertEquals(404, fx.get("/admin/requests", "Authorization", "Bearer adm-1").statusCode());
        assertEquals(404, fx.get("/admin/usage/guardrails", "Authorization", "Bearer adm-1").statusCode());
        assertFalse(java.nio.file.Files.exists(fx.dataDir().resolve(LedgerSettings.FILE)));
    }

    @Test
    void should_refuse_to_start_naming_a_ledger_file_it_cannot_create() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(dataDir.resolve("plain-file"), "x");
        GatewayConfig config = GatewayFixture.config(YAML + "  path: " + notAFolder.resolve("ledger.db") + "\n");

        GatewayStartException e = assertThrows(GatewayStartException.class,
                () -> GatewayFixture.start(config, Gateway.Options.defaults()));

        assertTrue(e.getMessage().startsWith("cannot open the usage ledger " + notAFolder.resolve("ledger.db")),
                e.getMessage());
    }

    @Test
    void should_keep_the_rows_across_a_restart() {
        GatewayConfig config = GatewayFixture.config(YAML).withDataDir(dataDir);
        try (GatewayFixture first = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock))) {
            fx = first;
            ask("sk-acme", "mock", "remember me");
            ask("sk-globex", "other", "and me");
        } // closing writes what is queued
        fx = null;
        try (GatewayFixture second = GatewayFixture.startIn(config, Gateway.Options.defaults().withClock(clock))) {
            fx = second;
            assertEquals(List.of("mock=1", "other=1"), groups(admin("/admin/usage?" + RANGE + "&group_by=model")));
        }
        fx = null;
    }
}
