package dev.reprise.gateway.http;

import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Gateway keys: required when configured, tenant-separating but optional when not. */
class AuthTest {

    private static final String KEYED = """
            keys:
              - id: support-bot
                key: rk-support-123
              - id: batch
                key: rk-batch-456
            models:
              - name: mock
                provider: mock
                latency: 0ms
            """;

    @Test
    void should_refuse_a_missing_or_wrong_key_when_keys_are_configured() {
        try (GatewayFixture fx = GatewayFixture.start(KEYED)) {
            String chat = GatewayFixture.chat("mock", "hi");
            assertError(fx.post("/v1/chat/completions", chat), 401, "invalid_request_error", null, "invalid_api_key");
            var wrong = fx.post("/v1/chat/completions", chat, "Authorization", "Bearer rk-guess-999");
            assertError(wrong, 401, "invalid_request_error", null, "invalid_api_key");
            assertFalse(wrong.body().contains("rk-guess-999"), "never echo the key");
            assertError(fx.post("/v1/chat/completions", chat, "Authorization", "Basic abc"), 401,
                    "invalid_request_error", null, "invalid_api_key");
            assertError(fx.get("/v1/models"), 401, "invalid_request_error", null, "invalid_api_key");
        }
    }

    @Test
    void should_refuse_a_bad_key_before_reading_the_body() {
        try (GatewayFixture fx = GatewayFixture.start(KEYED)) {
            // A malformed body from an unauthenticated caller is a 401, not a 400.
            assertError(fx.post("/v1/chat/completions", "{broken"), 401, "invalid_request_error", null,
                    "invalid_api_key");
        }
    }

    @Test
    void should_accept_each_configured_key() {
        try (GatewayFixture fx = GatewayFixture.start(KEYED)) {
            String chat = GatewayFixture.chat("mock", "hi");
            assertEquals(200, fx.post("/v1/chat/completions", chat, "Authorization", "Bearer rk-support-123").statusCode());
            assertEquals(200, fx.post("/v1/chat/completions", chat, "Authorization", "bearer  rk-batch-456 ").statusCode());
            assertEquals(200, fx.get("/v1/models", "Authorization", "Bearer rk-batch-456").statusCode());
            // Health and metrics stay open for probes and scrapers.
            assertEquals(200, fx.get("/health").statusCode());
            assertEquals(200, fx.get("/metrics").statusCode());
        }
    }

    @Test
    void should_serve_anyone_in_open_mode_and_warn_at_start() {
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger("dev.reprise.gateway.Gateway");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY)) {
            String chat = GatewayFixture.chat("mock", "hi");
            assertEquals(200, fx.post("/v1/chat/completions", chat).statusCode());
            assertEquals(200, fx.post("/v1/chat/completions", chat, "Authorization", "Bearer any-thing").statusCode());
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, warnings.stream().filter(r -> r.getMessage().contains("no gateway keys")).count());
    }

    @Test
    void should_mask_keys_wherever_the_config_is_printed() {
        var config = GatewayFixture.config(KEYED);
        assertFalse(config.toString().contains("rk-support-123"), config.toString());
    }
}
