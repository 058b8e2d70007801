package dev.reprise.gateway.hostile;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.testing.hostile.HostileCorpus;
import dev.reprise.testing.hostile.HostileReplay;
import dev.reprise.testing.hostile.HostileTarget;
import dev.reprise.testing.hostile.ReplayTally;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixed hostile corpus CI replays (the bench's {@code ./reprise bench hostile} sends the same generator's
 * requests by the ten thousand): with keys, limits, guardrails, the ledger and the cache on, no hostile request gets a
 * 5xx or an error that is not OpenAI's JSON envelope, nothing is logged as an unexpected failure, and the gateway
 * still answers a plain request afterwards.
 */
class HostileCorpusTest {

    /** The corpus's seed and size: fixed, so a failure here replays the same bytes. */
    static final long SEED = 19;
    static final int SIZE = 480;
    static final String CLIENT_KEY = "sk-hostile-client";
    static final String ADMIN_KEY = "adm-hostile";

    /** Small, so the huge families (sized as parts of it) stay quick on 2 cores while still crossing it. */
    static final long MAX_BODY = 256 << 10;

    static final String YAML = """
            server:
              max-body-size: %d
            keys:
              - { id: client, key: %s, limits: { rpm: 100000, tpm: 100000000 } }
            admin:
              key: %s
            models:
              - name: mock
                provider: mock
                latency: 0ms
                price: { input: 0.15, output: 0.60 }
            limits:
              aliases:
                mock: { rpm: 100000, tpm: 100000000 }
            guardrails:
              pii: { action: redact, restore: true }
              injection: { action: flag }
            cache:
              enabled: true
            ledger:
              flush-interval: 1s
            """.formatted(MAX_BODY, CLIENT_KEY, ADMIN_KEY);

    @Test
    void should_answer_every_hostile_request_without_a_5xx_and_stay_healthy() {
        try (GatewayFixture fx = GatewayFixture.start(YAML);
             LogCapture logs = LogCapture.warningsAndAbove()) {
            HostileCorpus corpus = new HostileCorpus(new HostileTarget("mock", CLIENT_KEY, ADMIN_KEY, MAX_BODY), SEED,
                    SIZE);

            ReplayTally tally = HostileReplay.run(corpus, "127.0.0.1", fx.port(), 2);

            assertEquals(SIZE, tally.total(), tally.summary());
            assertEquals(0, tally.problemCount(), tally.summary());
            assertEquals(0, tally.count("5xx"), tally.summary());
            assertTrue(logs.lines().stream().noneMatch(l -> l.contains("SEVERE")), String.join("\n", logs.lines()));
            HttpResponse<String> health = fx.get("/health");
            assertEquals(200, health.statusCode(), health.body());
            HttpResponse<String> chat = fx.post("/v1/chat/completions", GatewayFixture.chat("mock", "still there?"),
                    "Authorization", "Bearer " + CLIENT_KEY);
            assertEquals(200, chat.statusCode(), chat.body());
            System.out.println(tally.summary());
        }
    }
}
