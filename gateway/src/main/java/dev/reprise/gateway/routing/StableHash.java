package dev.reprise.gateway.routing;

import dev.reprise.gateway.Sha256;

/**
 * A 64-bit hash of a text that is the same in every process and release (the first eight bytes of its SHA-256), for
 * choices that must come out the same for the same key every time: A/B variants, shadow picks.
 */
public final class StableHash {

    private StableHash() {
    }

    public static long of(String text) {
        byte[] d = Sha256.of(text);
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
