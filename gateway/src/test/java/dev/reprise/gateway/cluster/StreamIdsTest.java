package dev.reprise.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream ids compared as numbers, and when a reader's position fell off the trimmed stream. */
class StreamIdsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code XINFO STREAM} as Lettuce gives it over the byte codec: names and ids as bytes, counts as numbers. */
    private static List<Object> xinfo(long length, long added, String firstKept) {
        return List.of(b("length"), length, b("radix-tree-keys"), 1L, b("last-generated-id"), b("1700000000500-0"),
                b("max-deleted-entry-id"), b("0-0"), b("entries-added"), added,
                b("recorded-first-entry-id"), b(firstKept), b("groups"), 0L);
    }

    @Test
    void should_compare_ids_by_time_then_sequence_as_numbers() {
        assertTrue(StreamIds.compare("1700000000000-10", "1700000000000-9") > 0, "not as text");
        assertTrue(StreamIds.compare("999-0", "1000-0") < 0);
        assertTrue(StreamIds.compare("0-0", "0") == 0);
        assertThrows(IllegalArgumentException.class, () -> StreamIds.compare("x-1", "0-0"));
        assertTrue(StreamIds.valid("1700000000000-3"));
        assertFalse(StreamIds.valid("1700000000000-"));
        assertFalse(StreamIds.valid("-1-0"));
    }

    @Test
    void should_count_a_position_before_the_first_kept_record_of_a_trimmed_stream_as_missed() {
        assertTrue(StreamIds.missedAfter("1700000000100-0", xinfo(2, 4, "1700000000300-0")));
        assertTrue(StreamIds.missedAfter("0-0", xinfo(2, 4, "1700000000300-0")), "a new node on a trimmed stream");
        assertFalse(StreamIds.missedAfter("1700000000300-0", xinfo(2, 4, "1700000000300-0")));
        assertFalse(StreamIds.missedAfter("0-0", xinfo(4, 4, "1700000000000-0")), "nothing trimmed yet");
        assertFalse(StreamIds.missedAfter("1600000000000-0", xinfo(3, 3, "1700000000000-0")),
                "a Redis that restarted empty: a new stream, nothing trimmed");
    }

    @Test
    void should_refuse_a_reply_without_entries_added() {
        assertThrows(IllegalStateException.class, () -> StreamIds.missedAfter("0-0", List.of(b("length"), 2L)));
    }
}
