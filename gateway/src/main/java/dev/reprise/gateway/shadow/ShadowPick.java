package dev.reprise.gateway.shadow;

import dev.reprise.gateway.routing.StableHash;

/** A request's place in [0, 1) for one candidate, from a hash of its id: reproducible across runs and restarts. */
final class ShadowPick {

    /** 2^53: a double holds every whole number below it exactly. */
    private static final double SCALE = 0x1p53;

    private ShadowPick() {
    }

    static double bucket(String requestId, String candidate) {
        return (StableHash.of(candidate + "\u0000" + requestId) >>> 11) / SCALE;
    }
}
