package dev.reprise.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log configuration {@code Main} installs: Reprise's own lines, without noise a new user trips over. */
class LoggingConfigTest {

    @AfterEach
    void restoreTheDefaultConfiguration() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void should_keep_the_tokenizer_library_gpu_probe_and_platform_lines_out_of_the_log() throws Exception {
        try (InputStream config = Main.class.getResourceAsStream("/logging.properties")) {
            assertNotNull(config, "logging.properties on the class path");
            LogManager.getLogManager().updateConfiguration(config, key -> (old, now) -> now);
        }

        // The exact loggers DJL 0.36 writes "Failed to detect GPU count" and "Found matching platform" with.
        assertFalse(Logger.getLogger("ai.djl.util.cuda.CudaUtils").isLoggable(Level.WARNING));
        assertFalse(Logger.getLogger("ai.djl.util.Platform").isLoggable(Level.INFO));
        assertTrue(Logger.getLogger("ai.djl.util.cuda.CudaUtils").isLoggable(Level.SEVERE));
        assertTrue(Logger.getLogger("dev.reprise.gateway.Gateway").isLoggable(Level.INFO));
    }
}
