package dev.reprise.gateway.ledger;

import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.SettledRequest.CacheFacts;
import dev.reprise.gateway.pipeline.SettledRequest.CacheTier;
import dev.reprise.gateway.pipeline.SettledRequest.GuardrailFacts;
import dev.reprise.gateway.pipeline.SettledRequest.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A few hundred varied settled requests over three UTC days, the same for every run: tenants, aliases, tiers,
 * fallbacks, errors, A/B variants, judge and shadow calls, guardrail findings, and feedback on some. Costs are whole
 * micro-dollars, so sums are exact whichever order a database adds them in.
 */
final class LedgerScenario {

    static final Instant START = Instant.parse("2026-12-04T22:00:00Z");
    static final Instant END = START.plus(Duration.ofDays(3));

    private static final String[] TENANTS = {"acme", "globex", "initech"};
    private static final String[] MODELS = {"gpt-4o", "claude", "mini"};
    private static final CacheTier[] TIERS = CacheTier.values();

    private LedgerScenario() {
    }

    /** The requests, in arrival order. */
    static List<SettledRequest> requests() {
        Random random = new Random(17);
        List<SettledRequest> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Instant at = START.plusSeconds(i * 631L + random.nextInt(600));
            String tenant = TENANTS[random.nextInt(TENANTS.length)];
            String model = random.nextInt(20) == 0 ? null : MODELS[random.nextInt(MODELS.length)];
            CacheTier tier = TIERS[random.nextInt(TIERS.length)];
            Float similarity = tier == CacheTier.HIT_SEMANTIC || tier == CacheTier.MISS
                    ? (float) (0.6 + random.nextInt(400) / 1000.0) : null;
            int status = random.nextInt(10) == 0 ? (random.nextBoolean() ? 429 : 502) : 200;
            boolean hit = tier == CacheTier.HIT_EXACT || tier == CacheTier.HIT_SEMANTIC;
            double cost = hit || status != 200 ? 0 : (1 + random.nextInt(5000)) / 1e6;
            double saved = hit ? (1 + random.nextInt(5000)) / 1e6 : 0;
            Kind kind = random.nextInt(15) == 0 ? Kind.JUDGE : Kind.CHAT;
            SettledRequest.AbVariant variant = model != null && kind == Kind.CHAT && random.nextInt(3) == 0
                    ? new SettledRequest.AbVariant(model, random.nextBoolean() ? "control" : "concise") : null;
            SettledRequest.Fallback fallback = status == 200 && random.nextInt(12) == 0
                    ? new SettledRequest.Fallback(model, "mini", "upstream_timeout") : null;
            GuardrailFacts guardrail = switch (random.nextInt(12)) {
                case 0 -> new GuardrailFacts("redact", List.of("email"), 1, null, null, false);
                case 1 -> new GuardrailFacts("block", List.of("card", "email"), 3, null, null, true);
                case 2 -> GuardrailFacts.NONE.withInjection("flag", random.nextBoolean() ? "roleplay" : null);
                default -> GuardrailFacts.NONE;
            };
            String id = "req-" + i;
            Duration latency = Duration.ofNanos(1000L * (200 + random.nextInt(2_000_000)));
            SettledRequest r = new SettledRequest(id, at, tenant, tenant + "-key", model, model, "primary", variant,
                    hit ? "cache" : model == null ? null : model + "-1", model == null ? null : "openai",
                    model == null ? null : model + "-upstream", hit ? 0 : 1, fallback,
                    new CacheFacts(tier, similarity, hit ? 0.9f : null, hit ? "entry-" + i : null,
                            random.nextInt(30) == 0, tier == CacheTier.HIT_SEMANTIC && random.nextInt(4) == 0),
                    status, null, latency, random.nextBoolean() ? Duration.ofNanos(1000L * (100 + random.nextInt(5000))) : null,
                    new SettledRequest.Tokens(random.nextInt(3000), random.nextInt(800),
                            SettledRequest.TokenSource.PROVIDER), cost, saved, random.nextBoolean(), null, null, kind,
                    guardrail);
            out.add(r);
            if (kind == Kind.CHAT && model != null && random.nextInt(8) == 0) {
                out.add(new SettledRequest("shadow-" + i, at, tenant, tenant + "-key", model, "mini", "shadow", null,
                        "mini-1", "openai", "mini-upstream", 1, null, CacheFacts.NONE,
                        random.nextInt(6) == 0 ? 502 : 200, null, Duration.ofNanos(1000L * (300 + random.nextInt(900_000))),
                        null, new SettledRequest.Tokens(random.nextInt(3000), random.nextInt(800),
                        SettledRequest.TokenSource.PROVIDER), (1 + random.nextInt(900)) / 1e6, 0, false, null, null,
                        Kind.SHADOW, GuardrailFacts.NONE,
                        new SettledRequest.ShadowFacts(id, random.nextBoolean() ? (float) random.nextInt(1000) / 1000
                                : null)));
            }
        }
        return out;
    }

    /** Feedback given on some of the client requests (and once on one that does not exist). */
    static List<Feedback> feedback(List<SettledRequest> requests) {
        Random random = new Random(23);
        List<Feedback> out = new ArrayList<>();
        for (SettledRequest r : requests) {
            if (r.kind() != Kind.CHAT || random.nextInt(3) != 0) {
                continue;
            }
            Double score = random.nextBoolean() ? random.nextInt(5) / 4.0 : null;
            String label = score == null || random.nextBoolean() ? (random.nextBoolean() ? "good" : "wrong") : null;
            out.add(new Feedback(r.requestId(), r.tenant(), r.keyId(), score, label, null));
        }
        out.add(new Feedback("req-404", "acme", "acme-key", 1.0, null, null));
        return out;
    }
}
