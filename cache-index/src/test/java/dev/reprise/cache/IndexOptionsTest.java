package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IndexOptionsTest {

    @Test
    void should_default_to_documented_values() {
        IndexOptions options = IndexOptions.defaults(null);

        assertNull(options.directory());
        assertEquals(100_000, options.maxEntries());
        assertEquals(Duration.ofSeconds(5), options.commitInterval());
        assertEquals(Duration.ofSeconds(60), options.purgeInterval());
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.maxEntries(0),
                        "maxEntries must be between 1 and 50000000, got 0"),
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.maxEntries(50_000_001),
                        "maxEntries must be between 1 and 50000000, got 50000001"),
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.commitInterval(Duration.ofMillis(10)),
                        "commitInterval must be at least PT0.1S, got PT0.01S"),
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.commitInterval(null),
                        "commitInterval must be at least PT0.1S, got null"),
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.purgeInterval(Duration.ZERO),
                        "purgeInterval must be at least PT0.1S, got PT0S"),
                Arguments.of((Consumer<IndexOptions.Builder>) b -> b.clock(null), "clock must not be null"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void should_reject_invalid_options_naming_option_limit_and_value(Consumer<IndexOptions.Builder> change,
                                                                     String message) {
        IndexOptions.Builder builder = IndexOptions.builder();
        change.accept(builder);

        RuntimeException error = assertThrows(RuntimeException.class, builder::build);
        assertEquals(message, error.getMessage());
    }
}
