package dev.reprise.gateway.shadow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A request's place in [0, 1) for one candidate, from a hash of its id: reproducible across runs and restarts. */
final class ShadowPick {

    /** 2^53: a double holds every whole number below it exactly. */
    private static final double SCALE = 0x1p53;

    private ShadowPick() {
    }

    static double bucket(String requestId, String candidate) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((candidate + "\u0000" + requestId).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return (h >>> 11) / SCALE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
