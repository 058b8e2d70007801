package dev.reprise.gateway.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids that name a request or an answer for tracing (the {@code req_} request id, a {@code chatcmpl-} id): 128
 * random bits as 32 hex digits, the shape of a UUID without dashes. Not secrets and not keys of anything stored, so
 * they come from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} reads the kernel's generator under a lock, and
 * a cache hit made two of them.
 */
public final class OpaqueIds {

    private OpaqueIds() {
    }

    /** 32 lower-case hex digits. */
    public static String hex128() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }
}
