package dev.reprise.gateway.cluster;

import dev.reprise.cache.CacheEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cache change as the fields of one stream record: round trips, and the records a node refuses to read. */
class ChangeCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00.123Z");

    private static CacheEntry entry(float[] vector, Instant expires) {
        return CacheEntry.builder().id("e-1").namespace("ns-acme").tenant("acme").modelAlias("mock")
                .matchedText("how long is the warranty?").exactKey("key-1").vector(vector)
                .payload("{\"answer\":\"two years, é\"}".getBytes(StandardCharsets.UTF_8))
                .promptTokens(12).completionTokens(34).costUsd(0.000123).createdAt(NOW).expiresAt(expires)
                .build();
    }

    private static CacheChange.Sent roundTrip(CacheChange change) {
        CacheChange.Sent sent = new CacheChange.Sent("node-a", NOW, change);
        return ChangeCodec.decode(ChangeCodec.encode(sent));
    }

    @Test
    void should_carry_a_stored_entry_whole() {
        float[] vector = {0.6f, 0.8f, 0f};
        CacheEntry e = entry(vector, NOW.plusSeconds(3600));

        CacheChange.Sent back = roundTrip(new CacheChange.Put(e));

        assertEquals("node-a", back.origin());
        assertEquals(NOW, back.sentAt());
        CacheEntry got = ((CacheChange.Put) back.change()).entry();
        assertEquals(e, got);
        assertArrayEquals(vector, got.vector());
        assertEquals(NOW.plusSeconds(3600), got.expiresAt());
    }

    @Test
    void should_carry_an_exact_only_entry_without_expiry_and_the_invalidations() {
        CacheEntry e = entry(null, null);
        assertEquals(e, ((CacheChange.Put) roundTrip(new CacheChange.Put(e)).change()).entry());
        assertEquals(new CacheChange.Delete("e-1"), roundTrip(new CacheChange.Delete("e-1")).change());
        assertEquals(new CacheChange.Purge("mock", null), roundTrip(new CacheChange.Purge("mock", null)).change());
        assertEquals(new CacheChange.Purge(null, "acme"), roundTrip(new CacheChange.Purge(null, "acme")).change());
        assertEquals(new CacheChange.Purge(null, null), roundTrip(new CacheChange.Purge(null, null)).change());
    }

    private static Map<String, byte[]> put() {
        return new HashMap<>(ChangeCodec.encode(new CacheChange.Sent("node-a", NOW,
                new CacheChange.Put(entry(new float[] {1f, 0f}, null)))));
    }

    private static String refusal(Map<String, byte[]> fields) {
        return assertThrows(ChangeCodec.UnreadableChange.class, () -> ChangeCodec.decode(fields)).getMessage();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_refuse_records_it_cannot_read_with_a_reason() {
        assertTrue(refusal(Map.of("hello", utf8("world"))).contains("no field 'v'"));

        Map<String, byte[]> future = put();
        future.put("v", utf8("2"));
        assertTrue(refusal(future).contains("version 2"));

        Map<String, byte[]> unknownOp = put();
        unknownOp.put("op", utf8("merge"));
        assertTrue(refusal(unknownOp).contains("unknown op 'merge'"));

        Map<String, byte[]> noPayload = put();
        noPayload.remove("payload");
        assertTrue(refusal(noPayload).contains("no field 'payload'"));

        Map<String, byte[]> oddVector = put();
        oddVector.put("vector", new byte[] {1, 2, 3});
        assertTrue(refusal(oddVector).contains("vector of 3 bytes"));

        Map<String, byte[]> longVector = put();
        longVector.put("vector", new byte[8 * 4]); // zeros: not of unit length
        assertTrue(refusal(longVector).contains("not a valid entry"), refusal(longVector));

        Map<String, byte[]> badTime = put();
        badTime.put("created", utf8("yesterday"));
        assertTrue(refusal(badTime).contains("'created' is not a whole number"));

        Map<String, byte[]> blankTenant = put();
        blankTenant.put("tenant", utf8(""));
        assertTrue(refusal(blankTenant).contains("not a valid entry"));

        Map<String, byte[]> negative = put();
        negative.put("cost-usd", utf8("NaN"));
        assertTrue(refusal(negative).contains("not a valid entry"));
    }
}
