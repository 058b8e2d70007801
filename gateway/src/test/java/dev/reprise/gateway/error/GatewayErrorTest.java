package dev.reprise.gateway.error;

import dev.reprise.models.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayErrorTest {

    @Test
    void should_round_retry_after_up_to_whole_seconds_and_default_it() {
        assertEquals(Duration.ofMillis(1500), GatewayError.upstream(
                new ProviderException.RateLimited("openai", "x", Duration.ofMillis(1500), null)).retryAfter());
        assertEquals(GatewayError.DEFAULT_RETRY_AFTER, GatewayError.upstream(
                new ProviderException.RateLimited("openai", "x", Duration.ZERO, null)).retryAfter());
    }

    @Test
    void should_name_the_provider_but_not_the_upstream_message_for_auth_failures() {
        GatewayError e = GatewayError.upstream(new ProviderException.AuthFailed("anthropic", 401,
                "invalid x-api-key sk-ant-123", null));
        assertEquals(502, e.status());
        assertTrue(e.message().contains("anthropic"), e.message());
        assertFalse(e.message().contains("sk-ant-123"), e.message());
    }

    @Test
    void should_build_openai_envelopes() {
        var body = GatewayError.invalidRequest("bad", "messages[0].content").body();
        assertEquals("invalid_request_error", body.error().type());
        assertEquals("messages[0].content", body.error().param());
        assertEquals("model_not_found", GatewayError.modelNotFound("x").body().error().code());
    }

    @Test
    void should_bound_every_message_and_param_whatever_the_call_site_put_in() {
        GatewayError e = GatewayError.invalidRequest("m".repeat(1_000_000), "metadata." + "k".repeat(1_000_000));
        assertTrue(e.message().length() < GatewayError.MAX_MESSAGE_LENGTH + 40, e.message().length() + " characters");
        assertTrue(e.param().length() < ClientValue.MAX_QUOTED + 40, e.param().length() + " characters");
        assertTrue(GatewayError.modelNotFound("x".repeat(1_000_000)).message().contains("(1000000 characters)"));
    }
}
