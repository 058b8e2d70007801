package dev.reprise.gateway.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScanMemoTest {

    @Test
    void should_scan_a_text_once_per_variant_and_a_long_text_every_time() {
        ScanMemo<Integer> memo = new ScanMemo<>(100, 50);
        AtomicInteger scans = new AtomicInteger();
        for (int round = 0; round < 3; round++) {
            assertEquals(5, memo.get("a", "hello", t -> scans.incrementAndGet() * 0 + t.length()));
            assertEquals(7, memo.get("a", "goodbye", t -> scans.incrementAndGet() * 0 + t.length()));
            assertEquals(-5, memo.get("b", "hello", t -> scans.incrementAndGet() * 0 - t.length()));
        }
        assertEquals(3, scans.get(), "each text once in each variant");
        assertEquals(3, memo.size());

        String longText = "x".repeat(51);
        memo.get("a", longText, t -> scans.incrementAndGet());
        memo.get("a", longText, t -> scans.incrementAndGet());
        assertEquals(5, scans.get(), "a text over the limit is scanned each time");
        assertEquals(3, memo.size());
    }

    @Test
    void should_keep_at_most_its_entries() {
        ScanMemo<String> memo = new ScanMemo<>(10, 100);
        for (int i = 0; i < 1_000; i++) {
            memo.get("v", "text " + i, t -> t);
        }
        assertTrue(memo.size() <= 10, "kept " + memo.size());
    }

    @Test
    void should_find_the_same_pii_through_the_memo_and_tell_kinds_apart() {
        PiiDetector detector = new PiiDetector();
        String text = "Mail ann@example.com or call +44 20 7946 0958 about card 4111 1111 1111 1111.";
        List<PiiFinding> all = detector.find(text, 0, EnumSet.allOf(PiiType.class));
        assertEquals(all, detector.find(text, EnumSet.allOf(PiiType.class)));
        assertEquals(all, detector.find(text, EnumSet.allOf(PiiType.class)), "from the memo");
        List<PiiFinding> emails = detector.find(text, Set.of(PiiType.EMAIL));
        assertEquals(List.of(PiiType.EMAIL), emails.stream().map(PiiFinding::type).toList());
        assertEquals(3, all.size(), all.toString());

        // The shortest secret a pattern knows still counts as one when the text is nothing else.
        assertEquals(List.of(new PiiFinding(PiiType.SECRET, 0, 15)),
                detector.find("xoxb-1234567890", EnumSet.allOf(PiiType.class)));
        assertEquals(List.of(), detector.find("thanks, bye", EnumSet.allOf(PiiType.class)));
    }
}
