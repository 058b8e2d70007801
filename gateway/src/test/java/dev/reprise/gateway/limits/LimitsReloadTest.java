package dev.reprise.gateway.limits;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.reload.ConfigReload;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.reprise.gateway.GatewayFixture.chat;
import static dev.reprise.gateway.limits.RequestLimitsTest.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An edited {@code limits} section applies to the running gateway, keeping what was used this minute. */
class LimitsReloadTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));

    private static HttpResponse<String> ask(GatewayFixture fx) {
        return fx.post("/v1/chat/completions", chat("mock", "Is it raining?"));
    }

    @Test
    void should_apply_an_edited_alias_limit_without_restart() throws Exception {
        Path file = dir.resolve("reprise.yaml");
        Files.writeString(file, GatewayFixture.MOCK_ONLY + "limits:\n  aliases:\n    mock: { rpm: 2 }\n");
        Gateway.Options options = Gateway.Options.defaults().withClock(clock).watching(file, Duration.ofMillis(50));
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.config(Files.readString(file)), options)) {
            assertEquals(200, ask(fx).statusCode());
            assertEquals(200, ask(fx).statusCode());
            assertEquals(429, ask(fx).statusCode());

            Files.writeString(file, GatewayFixture.MOCK_ONLY + "limits:\n  aliases:\n    mock: { rpm: 10 }\n");
            awaitApplied(fx, 1);
            HttpResponse<String> first = ask(fx);
            assertEquals(200, first.statusCode());
            // Raised from 2 to 10 with 2 used: 8 left, one of them this one.
            assertEquals("10", header(first, "x-ratelimit-limit-requests"));
            assertEquals("7", header(first, "x-ratelimit-remaining-requests"));
            for (int i = 0; i < 7; i++) {
                assertEquals(200, ask(fx).statusCode());
            }
            assertEquals(429, ask(fx).statusCode());

            Files.writeString(file, GatewayFixture.MOCK_ONLY);
            awaitApplied(fx, 2);
            HttpResponse<String> unlimited = ask(fx);
            assertEquals(200, unlimited.statusCode());
            assertEquals(null, header(unlimited, "x-ratelimit-limit-requests"), "no limit left, no headers");
        }
    }

    /** Waits for the config watcher to have applied {@code count} edits; it polls the file on its own timer. */
    private static void awaitApplied(GatewayFixture fx, int count) throws InterruptedException {
        String line = ConfigReload.METRIC + "_total{result=\"applied\"} " + count + ".0";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (fx.get("/metrics").body().contains(line)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the watcher never counted " + line);
    }
}
