package dev.reprise.gateway.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids that name a request or an answer for tracing (the {@code req_} request id, a {@code chatcmpl-} id): 32 hex
 * digits, the shape of a UUID without dashes. Not secrets, so the random bits come from {@link ThreadLocalRandom}:
 * {@code UUID.randomUUID()} reads the kernel's generator under a lock, and a cache hit made two of them.
 */
public final class OpaqueIds {

    private OpaqueIds() {
    }

    /** 32 lower-case hex digits, all random. */
    public static String hex128() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong()) + hex(random.nextLong());
    }

    /**
     * 32 lower-case hex digits that sort by {@code epochMillis}: 12 digits of it, then 80 random bits. The ledger
     * indexes request ids, and ids in time order are appended to that index where random ones land anywhere in it:
     * with random ids its writer slowed to a fifth as the table grew to 300,000 rows.
     */
    public static String timeOrdered(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String time = Long.toHexString(epochMillis & 0xFFFF_FFFF_FFFFL);
        return "0".repeat(12 - time.length()) + time + hex(random.nextLong()) + hex(random.nextLong()).substring(12);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }
}
