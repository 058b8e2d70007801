package dev.reprise.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareOptionsTest {

    @TempDir
    Path dir;

    @Test
    void should_default_to_a_small_concurrency_streaming_and_the_first_alias_as_reference() throws IOException {
        Path input = Files.writeString(dir.resolve("p.jsonl"), "{\"q\":\"hi\"}\n");

        CompareOptions o = CompareOptions.parse("--models", "mock, other", input.toString());

        assertEquals(List.of("mock", "other"), o.models());
        assertEquals("mock", o.referenceAlias());
        assertEquals(CompareOptions.DEFAULT_CONCURRENCY, o.concurrency());
        assertTrue(o.stream() && o.inProcess());
        assertEquals(0.9, o.similarAt());
    }

    @Test
    void should_name_the_option_and_value_that_are_wrong() throws IOException {
        String input = Files.writeString(dir.resolve("p.jsonl"), "{\"q\":\"hi\"}\n").toString();
        assertMessage("--models is required", input);
        assertMessage("--models names mock twice", "--models", "mock,mock", input);
        assertMessage("--reference x is not one of --models mock,b", "--models", "mock,b", "--reference", "x", input);
        assertMessage("--concurrency must be a whole number from 1 to 64, got 0", "--models", "a", "--concurrency", "0",
                input);
        assertMessage("--similar-at must be a similarity between -1 and 1, got 2", "--models", "a", "--similar-at",
                "2", input);
        assertMessage("--judge and --rubric go together", "--models", "a", "--judge", "j", input);
        assertMessage("--url must be an http(s) URL", "--models", "a", "--url", "localhost:8080", input);
        assertMessage("--variants with --url needs --config", "--models", "a", "--variants", "--url",
                "http://127.0.0.1:8080", input);
        assertMessage("unknown option --model", "--model", "a", input);
        assertMessage("input file nope.jsonl does not exist", "--models", "a", "nope.jsonl");
    }

    private static void assertMessage(String expected, String... args) {
        CompareException e = assertThrows(CompareException.class, () -> CompareOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
