package dev.reprise.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.stream.Stream;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code /admin/keys} answers to bad input: a 400 naming the field, 404 for an unknown id, 409 for conflicts. */
class KeyAdminInputTest {

    private static GatewayFixture fx;
    private static KeysAdmin admin;

    @BeforeAll
    static void start() {
        fx = GatewayFixture.start(GatewayFixture.config(VirtualKeyLifecycleTest.YAML),
                Gateway.Options.defaults().withClock(new TestClock(Instant.parse("2026-12-06T10:00:00Z"))));
        admin = new KeysAdmin(fx);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static Stream<Arguments> badCreations() {
        return Stream.of(
                Arguments.of("{}", "name"),
                Arguments.of("{\"name\":\"\"}", "name"),
                Arguments.of("{\"name\":7}", "name"),
                Arguments.of("{\"name\":\"" + "n".repeat(129) + "\"}", "name"),
                Arguments.of("{\"name\":\"a\",\"model\":[\"mock\"]}", "model"),
                Arguments.of("{\"name\":\"a\",\"tenant\":\"a b\"}", "tenant"),
                Arguments.of("{\"name\":\"a\",\"models\":\"mock\"}", "models"),
                Arguments.of("{\"name\":\"a\",\"models\":[\"mock\",\"gpt-5\"]}", "models[1]"),
                Arguments.of("{\"name\":\"a\",\"models\":[3]}", "models[0]"),
                Arguments.of("{\"name\":\"a\",\"expires_at\":\"tomorrow\"}", "expires_at"),
                Arguments.of("{\"name\":\"a\",\"expires_at\":\"2026-12-06T09:59:59Z\"}", "expires_at"),
                Arguments.of("{\"name\":\"a\",\"expires_at\":1800000000}", "expires_at"),
                Arguments.of("{\"name\":\"a\",\"metadata\":[\"x\"]}", "metadata"),
                Arguments.of("{\"name\":\"a\",\"metadata\":{\"team\":1}}", "metadata.team"),
                Arguments.of("{\"name\":\"a\",\"limits\":{\"rpm\":-1}}", "limits.rpm"),
                Arguments.of("{\"name\":\"a\",\"limits\":{\"tpm\":1.5}}", "limits.tpm"),
                Arguments.of("{\"name\":\"a\",\"limits\":{\"rps\":1}}", "limits.rps"),
                Arguments.of("{\"name\":\"a\",\"limits\":5}", "limits"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"usd\":0}}", "budget.usd"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"usd\":\"5\"}}", "budget.usd"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"period\":\"day\"}}", "budget.usd"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"usd\":5,\"period\":\"year\"}}", "budget.period"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"usd\":5,\"soft_limit\":1.5}}", "budget.soft_limit"),
                Arguments.of("{\"name\":\"a\",\"budget\":{\"usd\":5,\"soft-limit\":0.5}}", "budget.soft-limit"));
    }

    @ParameterizedTest
    @MethodSource("badCreations")
    void should_refuse_a_bad_creation_with_a_400_naming_the_field(String body, String param) {
        HttpResponse<String> res = admin.create(body);
        assertError(res, 400, "invalid_request_error", param, null);
    }

    @Test
    void should_refuse_a_body_that_is_not_a_json_object() {
        assertError(admin.create("{\"name\":"), 400, "invalid_request_error", null, null);
        assertError(admin.create("[1]"), 400, "invalid_request_error", null, null);
        assertError(admin.create("{\"name\":\"a\",\"name\":\"b\"}"), 400, "invalid_request_error", "name", null);
    }

    @Test
    void should_refuse_bad_patches_and_rotations_naming_the_field() {
        String id = admin.created("{\"name\":\"patched\"}").get("id").asText();
        assertError(admin.patch(id, "{\"tenant\":\"other\"}"), 400, "invalid_request_error", "tenant", null);
        assertError(admin.patch(id, "{\"name\":null}"), 400, "invalid_request_error", "name", null);
        assertError(admin.patch(id, "{\"models\":[\"nope\"]}"), 400, "invalid_request_error", "models[0]", null);
        assertError(admin.rotate(id, "{\"grace_period\":\"soon\"}"), 400, "invalid_request_error", "grace_period",
                null);
        assertError(admin.rotate(id, "{\"grace_period\":\"31d\"}"), 400, "invalid_request_error", "grace_period",
                null);
        assertError(admin.rotate(id, "{\"grace_period\":3600}"), 400, "invalid_request_error", "grace_period", null);
        assertError(admin.rotate(id, "{\"grace\":\"1h\"}"), 400, "invalid_request_error", "grace", null);
        // Nothing above changed the key.
        JsonNode key = KeysAdmin.json(admin.get(id));
        assertEquals("patched", key.get("name").asText());
        assertEquals(0, key.get("models").size());
    }

    @Test
    void should_answer_404_for_an_unknown_id_on_every_route() {
        String missing = "key_000000000000000000000000";
        assertError(admin.get(missing), 404, "invalid_request_error", "id", "key_not_found");
        assertError(admin.patch(missing, "{\"name\":\"x\"}"), 404, "invalid_request_error", "id", "key_not_found");
        assertError(admin.rotate(missing, null), 404, "invalid_request_error", "id", "key_not_found");
        assertError(admin.revoke(missing), 404, "invalid_request_error", "id", "key_not_found");
    }

    @Test
    void should_refuse_a_second_live_key_of_the_same_name_in_a_tenant() {
        String first = admin.created("{\"name\":\"dup\",\"tenant\":\"t1\"}").get("id").asText();
        assertError(admin.create("{\"name\":\"dup\",\"tenant\":\"t1\"}"), 409, "invalid_request_error", "name",
                "key_name_taken");
        assertEquals(201, admin.create("{\"name\":\"dup\",\"tenant\":\"t2\"}").statusCode(), "other tenant");
        String second = admin.created("{\"name\":\"dup2\",\"tenant\":\"t1\"}").get("id").asText();
        assertError(admin.patch(second, "{\"name\":\"dup\"}"), 409, "invalid_request_error", "name", "key_name_taken");
        // Once revoked, its name is free again.
        assertEquals(200, admin.revoke(first).statusCode());
        assertEquals(200, admin.revoke(first).statusCode(), "revoking twice changes nothing");
        assertEquals(201, admin.create("{\"name\":\"dup\",\"tenant\":\"t1\"}").statusCode());
        assertError(admin.rotate(first, null), 409, "invalid_request_error", "id", "key_revoked");
    }

    @Test
    void should_need_the_admin_key() {
        assertError(admin.sendAs(null, "GET", "/admin/keys", null), 401, "invalid_request_error", null,
                "invalid_api_key");
        assertError(admin.sendAs("wrong", "POST", "/admin/keys", "{\"name\":\"x\"}"), 401, "invalid_request_error",
                null, "invalid_api_key");
        HttpResponse<String> list = admin.list();
        assertEquals(200, list.statusCode());
        assertTrue(KeysAdmin.json(list).get("data").findValues("name").stream().noneMatch(n -> n.asText().equals("x")));
    }
}
