package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigApplierTest {

    @Test
    void should_replace_the_value_and_keep_comments_and_other_keys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reprise.yaml");
        Files.writeString(file, """
                # Reprise config
                server:
                  port: 8080   # the port
                cache:
                  # how close a rewording must be
                  similarity-threshold: 0.95   # keep in sync
                  embedding-model: all-minilm-l6-v2-q
                  guards: {numbers: true, negation: true}
                routes:
                  similarity-threshold: 0.5
                """);

        ConfigApplier.apply(file, 0.87);

        assertEquals("""
                # Reprise config
                server:
                  port: 8080   # the port
                cache:
                  # how close a rewording must be
                  similarity-threshold: 0.87   # keep in sync
                  embedding-model: all-minilm-l6-v2-q
                  guards: {numbers: true, negation: true}
                routes:
                  similarity-threshold: 0.5
                """, Files.readString(file));
    }

    @Test
    void should_insert_the_key_into_an_existing_cache_section_with_its_indentation() {
        String yaml = "cache:\n    embedding-model: bge-small-en-v15-q\n    guards:\n      numbers: true\nother: 1\n";

        assertEquals("cache:\n    similarity-threshold: 0.9\n    embedding-model: bge-small-en-v15-q\n"
                + "    guards:\n      numbers: true\nother: 1\n", ConfigApplier.apply(yaml, 0.9));
    }

    @Test
    void should_not_touch_a_nested_key_of_the_same_name_deeper_down() {
        String yaml = "cache:\n  per-model:\n    gpt:\n      similarity-threshold: 0.99\n";

        assertEquals("cache:\n  similarity-threshold: 0.93\n  per-model:\n    gpt:\n      similarity-threshold: 0.99\n",
                ConfigApplier.apply(yaml, 0.93));
    }

    @Test
    void should_append_a_cache_section_when_there_is_none() {
        assertEquals("server:\n  port: 1\n\ncache:\n  similarity-threshold: 0.955\n",
                ConfigApplier.apply("server:\n  port: 1\n", 0.955));
        assertEquals("cache:\n  similarity-threshold: 0.9\n", ConfigApplier.apply("", 0.9));
    }

    @Test
    void should_create_the_file_when_missing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new.yaml");

        ConfigApplier.apply(file, 0.91);

        assertEquals("cache:\n  similarity-threshold: 0.91\n", Files.readString(file));
    }

    @Test
    void should_keep_windows_line_endings() {
        assertEquals("cache:\r\n  similarity-threshold: 0.8\r\n",
                ConfigApplier.apply("cache:\r\n  similarity-threshold: 0.95\r\n", 0.8));
    }

    @Test
    void should_refuse_an_inline_cache_section_rather_than_guess() {
        assertThrows(IllegalArgumentException.class, () -> ConfigApplier.apply("cache: {similarity-threshold: 0.9}\n", 0.8));
    }
}
