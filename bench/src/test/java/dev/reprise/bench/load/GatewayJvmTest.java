package dev.reprise.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatewayJvmTest {

    private static final String LAUNCHER_LINE = "GATEWAY_JVM_FLAGS=(";

    @Test
    void should_start_the_gateway_with_the_launchers_heap_and_collector_flags() throws Exception {
        String launcher = Files.readString(Path.of("..", "reprise"));
        int start = launcher.indexOf(LAUNCHER_LINE);
        String flags = launcher.substring(start + LAUNCHER_LINE.length(), launcher.indexOf(')', start));

        assertEquals(Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList(),
                GatewayJvm.DEFAULT_FLAGS);
    }

    @Test
    void should_use_the_default_flags_unless_told_and_none_when_given_an_empty_list() {
        assertEquals(GatewayJvm.DEFAULT_FLAGS, LoadOptions.parse().gatewayJvm());
        assertEquals(List.of(), LoadOptions.parse("--gateway-jvm", "").gatewayJvm());
        assertEquals(List.of("-Xmx1g", "-XX:+UseZGC"),
                LoadOptions.parse("--gateway-jvm", " -Xmx1g  -XX:+UseZGC ").gatewayJvm());
    }

    @Test
    void should_read_scenarios_and_fill_and_refuse_a_negative_fill() {
        LoadOptions options = LoadOptions.parse("--scenarios", "reprise-hit-exact, reprise-miss", "--fill", "100000");

        assertEquals(List.of("reprise-hit-exact", "reprise-miss"), options.scenarios());
        assertEquals(100_000, options.fill());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--fill", "-1"));
    }

    @Test
    void should_read_a_pace_and_refuse_a_negative_one() {
        assertEquals(0, LoadOptions.parse().paceMs());
        assertEquals(10, LoadOptions.parse("--pace-ms", "10").paceMs());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--pace-ms", "-1"));
        assertEquals(java.time.Duration.ofSeconds(20), LoadOptions.parse("--warmup", "20").warmup());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--warmup", "0"));
    }
}
