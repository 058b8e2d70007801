package dev.reprise.gateway.config;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.RouteRule;
import dev.reprise.gateway.routing.Strategy;
import dev.reprise.gateway.routing.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing parts of the config: deployments, key pools, policies, variants and route rules. */
class RoutingConfigTest {

    private static final String FULL = """
            models:
              - name: support
                strategy: least-in-flight
                price: { input: 0.15, output: 0.60 }
                deployments:
                  - provider: openai
                    model: gpt-4o-mini
                    base-url: http://127.0.0.1:9/v1
                    api-keys: [ "${K1:-}", "${K2:-}", "${K3:-}" ]
                    weight: 3
                    timeout: 20s
                    first-byte-timeout: 2s
                  - provider: mock
                    model: mock-b
                fallbacks: [backup, gone]
                context-fallback: backup
                retry: { max-attempts: 4, initial-backoff: 50ms, max-backoff: 1s, max-retry-after: 3s, deadline: 20s }
                breaker: { failures: 3, window: 10s, cool-down: 15s }
                variants:
                  - { name: a, weight: 70 }
                  - { name: b, weight: 30, alias: backup, prompt: "Be brief.", prompt-mode: replace }
              - name: backup
                provider: mock
              - name: gone
                provider: anthropic
                model: claude
                api-key: ${NOPE:-}
            routes:
              - name: classify
                match: { task-type: classification, headers: { X-Team: ops }, model: support, min-tokens: 1, max-tokens: 900 }
                alias: backup
              - match: { task-type: x }
                alias: gone
            """;

    private static GatewayConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(EnvSubstitution.of(env)).loadYaml(yaml, "test.yaml");
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml, Map.of())).getMessage();
    }

    @Test
    void should_read_deployments_key_pools_policies_variants_and_routes() {
        GatewayConfig c = load(FULL, Map.of("K1", "sk-1", "K3", "sk-3"));
        AliasRoute support = c.routing().alias("support").orElseThrow();
        assertEquals(Strategy.LEAST_IN_FLIGHT, support.strategy());
        assertEquals(2, support.deployments().size());
        var first = support.deployments().getFirst();
        assertEquals("support#0", first.id());
        assertEquals(2, first.keyed().size(), "the unset K2 is left out of the pool");
        assertEquals(3, first.weight());
        assertEquals(Duration.ofSeconds(2), first.firstByteTimeout());
        assertEquals(Duration.ofSeconds(20), first.primary().timeout());
        assertEquals(0.15, first.primary().price().inputPerMillion());
        assertEquals(List.of("backup"), support.fallbacks(), "the skipped alias is dropped from the chain");
        assertEquals("backup", support.contextFallback());
        assertEquals(4, support.retry().maxAttempts());
        assertEquals(Duration.ofSeconds(3), support.retry().maxRetryAfter());
        assertEquals(3, support.breaker().failures());
        assertEquals(List.of("a", "b"), support.variants().stream().map(Variant::name).toList());
        assertEquals(Variant.PromptMode.REPLACE, support.variants().get(1).promptMode());
        assertEquals("support, backup", ConfigLoader.aliases(c));
        assertEquals("gpt-4o-mini", c.models().getFirst().upstreamModel(), "the catalogue holds the first deployment");
        assertEquals(1, c.routing().rules().size(), "the rule to a skipped alias is dropped");
        RouteRule rule = c.routing().rules().getFirst();
        assertEquals("classify", rule.name());
        assertEquals(Map.of("X-Team", "ops"), rule.headers());
        assertEquals(4, c.routing().allKeyedDeployments().size(), "2 keys + mock-b + backup");
    }

    @Test
    void should_keep_a_flat_model_entry_as_one_deployment_with_default_policies() {
        GatewayConfig c = load("""
                models:
                  - name: mock
                    provider: mock
                """, Map.of());
        AliasRoute mock = c.routing().alias("mock").orElseThrow();
        assertEquals(1, mock.deployments().size());
        assertEquals("mock#0", mock.deployments().getFirst().id());
        assertEquals(Strategy.WEIGHTED, mock.strategy());
        assertTrue(mock.fallbacks().isEmpty());
        assertEquals(c.models().getFirst(), mock.deployments().getFirst().primary());
    }

    @Test
    void should_skip_an_alias_whose_deployments_all_lack_keys() {
        GatewayConfig c = load("""
                models:
                  - name: mock
                    provider: mock
                  - name: pooled
                    deployments:
                      - { provider: openai, model: m, api-keys: ["${A:-}", "${B:-}"] }
                """, Map.of());
        assertEquals(List.of("pooled"), c.skippedModels());
        assertTrue(c.routing().alias("pooled").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "strategy: fastest|models[0].strategy: 'fastest' is not a strategy; expected one of weighted, round-robin, least-in-flight, lowest-latency",
            "fallbacks: [nowhere]|models[0].fallbacks[0]: 'nowhere' is not a model alias",
            "fallbacks: [m]|models[0].fallbacks[0]: 'm' is the alias itself",
            "context-fallback: nowhere|models[0].context-fallback: 'nowhere' is not a model alias",
            "retry: { max-attempts: 0 }|models[0].retry.max-attempts: must be between 1 and 20, got 0",
            "retry: { initial-backoff: 2s, max-backoff: 1s }|models[0].retry.max-backoff: must be >= initial-backoff (2s), got '1s'",
            "retry: { deadline: soon }|models[0].retry.deadline: 'soon' is not a duration; write it like 300ms, 60s, 2m, 1h or 7d",
            "breaker: { failures: 0 }|models[0].breaker.failures: must be >= 1, got 0",
            "breaker: { window: 500ms }|models[0].breaker.window: must be at least 1s, got '500ms'",
            "variants: [ { weight: 1 } ]|models[0].variants[0].name: is required (it names the variant in x-reprise-variant)",
            "variants: [ { name: a, weight: 0 } ]|models[0].variants: the weights add up to 0; give at least one variant a weight",
            "variants: [ { name: a, prompt-mode: sideways, prompt: x } ]|models[0].variants[0].prompt-mode: 'sideways' is not replace or prefix",
            "variants: [ { name: a, alias: nowhere } ]|models[0].variants[0].alias: 'nowhere' is not a model alias",
            "weight: -1|models[0].weight: must be a whole number >= 0, got -1",
            "first-byte-timeout: 0|models[0].first-byte-timeout: must be greater than 0, got '0'",
    })
    void should_name_the_key_and_the_value_of_a_bad_routing_setting(String line, String message) {
        String yaml = """
                models:
                  - name: m
                    provider: mock
                    %s
                """.formatted(line);
        assertEquals("test.yaml: " + message, failure(yaml));
    }

    @Test
    void should_refuse_deployments_next_to_flat_fields_and_both_key_forms() {
        assertEquals("test.yaml: models[0].deployments: give either deployments or the flat provider, model, "
                + "base-url, api-key and timeout fields, not both", failure("""
                models:
                  - name: m
                    provider: mock
                    deployments: [ { provider: mock } ]
                """));
        assertEquals("test.yaml: models[0].deployments[0].api-keys: give either api-key or api-keys, not both",
                failure("""
                        models:
                          - name: m
                            deployments: [ { provider: openai, model: x, api-key: a, api-keys: [b] } ]
                        """));
    }

    @Test
    void should_name_the_rule_of_a_bad_route() {
        assertEquals("test.yaml: routes[0].alias: 'nowhere' is not a model alias", failure("""
                models: [ { name: m, provider: mock } ]
                routes: [ { name: r, match: { task-type: t }, alias: nowhere } ]
                """));
        assertEquals("test.yaml: routes[0].alias: is required (the model alias this rule sends requests to)", failure("""
                models: [ { name: m, provider: mock } ]
                routes: [ { name: r } ]
                """));
        assertEquals("test.yaml: routes[0].match.max-tokens: must be >= min-tokens (10), got 5", failure("""
                models: [ { name: m, provider: mock } ]
                routes: [ { match: { min-tokens: 10, max-tokens: 5 }, alias: m } ]
                """));
        assertTrue(failure("""
                models: [ { name: m, provider: mock } ]
                routes: [ { match: { task: t }, alias: m } ]
                """).startsWith("test.yaml: routes[0].match.task: unknown key; expected one of headers, max-tokens, "
                + "min-tokens, model, task-type"));
    }
}
