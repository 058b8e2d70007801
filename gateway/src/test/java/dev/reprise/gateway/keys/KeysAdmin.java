package dev.reprise.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls {@code /admin/keys} and the chat endpoint of a test gateway with the admin key or a gateway key. */
final class KeysAdmin {

    static final String ADMIN_KEY = "adm-keys-test";

    private final GatewayFixture fx;

    KeysAdmin(GatewayFixture fx) {
        this.fx = fx;
    }

    HttpResponse<String> create(String body) {
        return send("POST", "/admin/keys", body);
    }

    /** Creates a key and returns the answer, asserting the 201. */
    JsonNode created(String body) {
        HttpResponse<String> res = create(body);
        assertEquals(201, res.statusCode(), res.body());
        return json(res);
    }

    HttpResponse<String> list() {
        return send("GET", "/admin/keys", null);
    }

    HttpResponse<String> get(String id) {
        return send("GET", "/admin/keys/" + id, null);
    }

    HttpResponse<String> patch(String id, String body) {
        return send("PATCH", "/admin/keys/" + id, body);
    }

    HttpResponse<String> rotate(String id, String body) {
        return send("POST", "/admin/keys/" + id + "/rotate", body);
    }

    HttpResponse<String> revoke(String id) {
        return send("DELETE", "/admin/keys/" + id, null);
    }

    /** A chat request to {@code model} with {@code secret} as the bearer token (none when null). */
    HttpResponse<String> chat(String secret, String model) {
        String chat = GatewayFixture.chat(model, "hello");
        return secret == null ? fx.post("/v1/chat/completions", chat)
                : fx.post("/v1/chat/completions", chat, "Authorization", "Bearer " + secret);
    }

    HttpResponse<String> send(String method, String path, String body) {
        return sendAs(ADMIN_KEY, method, path, body);
    }

    HttpResponse<String> sendAs(String bearer, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return fx.send(b.build());
    }

    static JsonNode json(HttpResponse<String> res) {
        try {
            return WireJson.mapper().readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
