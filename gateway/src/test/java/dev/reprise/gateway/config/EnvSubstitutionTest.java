package dev.reprise.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvSubstitutionTest {

    private final EnvSubstitution env = EnvSubstitution.of(Map.of("A", "1", "EMPTY", ""));

    @Test
    void should_replace_references_inside_text() {
        assertEquals("x1y", env.substitute("k", "x${A}y"));
        assertEquals("1-1", env.substitute("k", "${A}-${A}"));
        assertEquals("no refs", env.substitute("k", "no refs"));
    }

    @Test
    void should_use_the_default_when_unset_or_empty() {
        assertEquals("d", env.substitute("k", "${MISSING:-d}"));
        assertEquals("", env.substitute("k", "${MISSING:-}"));
        assertEquals("d", env.substitute("k", "${EMPTY:-d}"));
        assertEquals("1", env.substitute("k", "${A:-d}"));
        // A set-but-empty variable without a default is taken as it is.
        assertEquals("", env.substitute("k", "${EMPTY}"));
    }

    @Test
    void should_name_key_and_variable_when_unset() {
        String message = assertThrows(ConfigException.class, () -> env.substitute("models[2].api-key", "${NOPE}"))
                .getMessage();
        assertTrue(message.startsWith("models[2].api-key: "), message);
        assertTrue(message.contains("NOPE"), message);
    }
}
