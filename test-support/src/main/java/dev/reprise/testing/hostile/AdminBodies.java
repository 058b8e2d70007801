package dev.reprise.testing.hostile;

import java.util.Random;

import static dev.reprise.testing.hostile.JsonText.quote;

/** Hostile requests to {@code /v1/feedback}, {@code /admin} (with no key, a wrong one and the right one) and others. */
final class AdminBodies {

    private static final String[] ADMIN_GETS = {
        "/admin/deployments", "/admin/keys", "/admin/keys/%00", "/admin/keys/" + "k".repeat(3000), "/admin/budgets",
        "/admin/usage", "/admin/usage/similarity", "/admin/usage/guardrails", "/admin/usage/variants",
        "/admin/requests", "/admin/cache/stats", "/admin/cache/entries/-1", "/admin/cache/entries/abc",
        "/admin/cache/export", "/admin/cache/judge/pairs",
    };
    private static final String[] QUERIES = {
        "", "?from=yesterday", "?from=2026-13-45&to=0", "?group_by=nonsense", "?group_by=model,model,tenant",
        "?limit=-1", "?limit=99999999999999999999", "?before=%zz", "?before=" + "c".repeat(2000), "?since=NaN",
        "?format=xml", "?tier=nothing", "?model=%00&tenant=%ff", "?label=" + "l".repeat(5000), "?from=&to=&limit=",
        "?cursor=eyJub3QiOiJqc29uIn0", "?period=century", "?source=%0d%0aInjected:1",
    };
    private static final String[] FEEDBACK = {
        "{}", "{\"request_id\":null}", "{\"request_id\":\"x\",\"score\":\"NaN\"}", "{\"request_id\":\"x\",\"score\":1e999}",
        "{\"request_id\":1,\"score\":1}", "{\"request_id\":\"x\",\"request_id\":\"y\",\"score\":1}",
        "{\"request_id\":\"x\",\"score\":1,\"comment\":" + quote("c".repeat(200_000)) + "}",
        "{\"request_id\":\"x\",\"label\":{\"a\":1}}", "[]", "\"x\"", "{\"request_id\":\"x\",\"score\":-0.0}",
        "{\"request_id\":" + quote("r".repeat(100_000)) + ",\"score\":1}", "{\"request_id\":\"x\",\"extra\":1}",
    };
    private static final String[] KEY_BODIES = {
        "{}", "{\"name\":null}", "{\"name\":\"" + "n".repeat(10_000) + "\"}", "{\"name\":\"a\",\"limits\":{\"rpm\":-1}}",
        "{\"name\":\"a\",\"limits\":{\"rpm\":1e999}}", "{\"name\":\"a\",\"models\":\"mock\"}",
        "{\"name\":\"a\",\"budget\":{\"usd\":\"NaN\",\"period\":\"century\"}}", "{\"name\":\"a\",\"expires_at\":\"tomorrow\"}",
        "{\"name\":\"a\",\"tenant\":\"\\u0000\"}", "{\"name\":\"a\",\"metadata\":" + JsonText.nested(2_000, true, true) + "}",
        "{\"name\":\"a\",\"name\":\"b\"}", "[1,2]", "{\"name\":\"a\",\"limits\":{\"rpm\":1,\"rpm\":2}}",
    };

    private AdminBodies() {
    }

    static byte[] feedback(Random r) {
        if (r.nextInt(6) == 0) {
            return JsonText.utf8(JsonText.nested(50_000, r.nextBoolean(), true));
        }
        return JsonText.utf8(FEEDBACK[r.nextInt(FEEDBACK.length)]);
    }

    static HttpBytes admin(Random r, HostileTarget t, ChatBodies chat) {
        String key = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "wrong-" + r.nextInt(1000);
            default -> t.adminKey();
        };
        return switch (r.nextInt(5)) {
            case 0, 1 -> HttpBytes.request("GET", ADMIN_GETS[r.nextInt(ADMIN_GETS.length)]
                    + QUERIES[r.nextInt(QUERIES.length)]).auth(key);
            case 2 -> HttpBytes.request("POST", "/admin/keys").auth(key).body(KEY_BODIES[r.nextInt(KEY_BODIES.length)]);
            case 3 -> HttpBytes.request(r.nextBoolean() ? "PATCH" : "POST", "/admin/keys/" + (r.nextBoolean()
                    ? "nope" : "%2e%2e") + (r.nextBoolean() ? "" : "/rotate")).auth(key)
                    .body(KEY_BODIES[r.nextInt(KEY_BODIES.length)]);
            default -> HttpBytes.request("POST", "/admin/cache/lookup").auth(key)
                    .body(r.nextBoolean() ? chat.wrongType(r) : chat.deepNesting(r));
        };
    }

    static HttpBytes otherPath(Random r, HostileTarget t, ChatBodies chat) {
        String[] paths = {
            "/v1/models/" + "%ff%fe", "/v1/models/mock", "/v1/models/" + "x".repeat(4000), "/v1/embeddings",
            "/v1/completions", "/v1/responses", "/v1/chat/completions/", "/V1/CHAT/COMPLETIONS", "/health/ready",
            "/health/live", "/metrics", "/dashboard/../admin/keys", "/dashboard/%2e%2e/admin", "/dashboard/x.js",
            "/.env", "/admin", "/admin/", "//v1//models", "/v1/models?model=%00",
        };
        String path = paths[r.nextInt(paths.length)];
        HttpBytes req = HttpBytes.request(r.nextInt(4) == 0 ? "POST" : "GET", path).auth(t.apiKey());
        return r.nextInt(4) == 0 ? req.body(chat.valid(r)) : req;
    }
}
