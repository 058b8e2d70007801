package dev.reprise.gateway;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchArgsTest {

    @Test
    void should_read_what_the_launcher_passes() {
        LaunchArgs a = LaunchArgs.parse("serve", "--config", "my.yaml", "--port", "9000", "--host", "0.0.0.0");
        assertEquals(Optional.of(Path.of("my.yaml")), a.config());
        assertEquals(Optional.of(9000), a.port());
        assertEquals(Optional.of("0.0.0.0"), a.host());
    }

    @Test
    void should_accept_equals_signs_and_no_command() {
        LaunchArgs a = LaunchArgs.parse("--port=0");
        assertEquals(Optional.of(0), a.port());
        assertEquals(Optional.empty(), a.config());
    }

    @Test
    void should_recognise_help() {
        assertTrue(LaunchArgs.parse("help").help());
        assertTrue(LaunchArgs.parse("serve", "--help").help());
    }

    @Test
    void should_refuse_unknown_options_and_bad_ports() {
        assertTrue(assertThrows(LaunchArgs.UsageException.class, () -> LaunchArgs.parse("serve", "--prot", "1"))
                .getMessage().contains("--prot"));
        assertTrue(assertThrows(LaunchArgs.UsageException.class, () -> LaunchArgs.parse("--port", "eighty"))
                .getMessage().contains("eighty"));
        assertThrows(LaunchArgs.UsageException.class, () -> LaunchArgs.parse("--port", "70000"));
        assertThrows(LaunchArgs.UsageException.class, () -> LaunchArgs.parse("--config"));
        assertThrows(LaunchArgs.UsageException.class, () -> LaunchArgs.parse("launch"));
    }
}
