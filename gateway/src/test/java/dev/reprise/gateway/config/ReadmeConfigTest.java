package dev.reprise.gateway.config;

import dev.reprise.gateway.querylog.QueryLogSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config example in the README must be one the gateway accepts, so the docs cannot drift. */
class ReadmeConfigTest {

    @Test
    void should_accept_the_readme_config_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Configuration");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ## Configuration");

        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of("SUPPORT_BOT_KEY", "sk-bot",
                "OPENAI_API_KEY", "sk-openai"))).loadYaml(readme.substring(start, end), "README.md");

        assertEquals(3, config.models().size());
        assertEquals(0.97, config.cache().thresholdFor("support"));
        assertEquals(0.95, config.cache().thresholdFor("mock"));
        assertEquals("support-bot", config.keys().get(0).id());
        assertEquals("acme", config.keys().get(0).tenant());
        assertEquals(5, config.keys().get(0).grant().budget().usd());
        assertEquals(QueryLogSettings.defaults(), config.cache().queryLog(), "the example shows the query log's defaults");
    }
}
