package dev.reprise.gateway.config;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.RouteRule;
import dev.reprise.gateway.routing.Strategy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing example in the README (task-type routes, a fallback chain, an A/B split) must load as shown. */
class ReadmeRoutingConfigTest {

    @Test
    void should_accept_the_readme_routing_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Routing and fallbacks");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ## Routing and fallbacks");

        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of("OPENAI_API_KEY", "sk-1",
                "OPENAI_API_KEY_2", "sk-2", "GROQ_API_KEY", "gsk", "GEMINI_API_KEY", "g", "ANTHROPIC_API_KEY", "a")))
                .loadYaml(readme.substring(start, end), "README.md");

        assertEquals(List.of("classification", "writing", "long-prompts"),
                config.routing().rules().stream().map(RouteRule::name).toList());
        assertEquals("cheap", config.routing().rules().get(0).alias());
        assertEquals("strong", config.routing().rules().get(1).alias());
        AliasRoute support = config.routing().alias("support").orElseThrow();
        assertEquals(List.of("claude-haiku", "mock"), support.fallbacks());
        assertEquals(2, support.variants().size());
        AliasRoute cheap = config.routing().alias("cheap").orElseThrow();
        assertEquals(Strategy.ROUND_ROBIN, cheap.strategy());
        assertEquals(2, cheap.deployments().getFirst().keyed().size());
        assertEquals("long", config.routing().alias("strong").orElseThrow().contextFallback());

        // Without the optional keys, the aliases that need them are skipped and the chain shortens.
        GatewayConfig bare = new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(readme.substring(start, end),
                "README.md");
        assertEquals(List.of("mock"), bare.models().stream().map(d -> d.alias()).toList());
    }
}
