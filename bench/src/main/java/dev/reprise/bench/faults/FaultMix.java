package dev.reprise.bench.faults;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Which fault an upstream call meets, as shares of all calls: HTTP 500s, hangs (never an answer), streams cut
 * mid-way, streams that stall mid-way (cuts and stalls apply to streamed calls; a plain call drawn for one is
 * answered), and drips (a 200 that sends a space or an SSE comment now and then, never the answer). The draw depends
 * only on the seed, the request's prompt and how often that prompt was seen, so a run's faults do not depend on
 * arrival order.
 */
public record FaultMix(double serverErrors, double hangs, double cuts, double stalls, double drips, long seed) {

    /** The mix of issue 19: 30% 500s, 5% hangs, 5% streams cut mid-way. */
    public static final double DEFAULT_SERVER_ERRORS = 0.30;
    public static final double DEFAULT_HANGS = 0.05;
    public static final double DEFAULT_CUTS = 0.05;
    /** Not in the mix; {@code --stalls} adds them. */
    public static final double DEFAULT_STALLS = 0;
    /** Not in the mix; {@code --drips} adds them. */
    public static final double DEFAULT_DRIPS = 0;

    /** What one call gets. */
    public enum Fault { NONE, SERVER_ERROR, HANG, CUT, STALL, DRIP }

    public FaultMix {
        if (serverErrors < 0 || hangs < 0 || cuts < 0 || stalls < 0 || drips < 0
                || serverErrors + hangs + cuts + stalls + drips > 1) {
            throw new IllegalArgumentException("fault shares must be >= 0 and add up to at most 1, got 500s "
                    + serverErrors + ", hangs " + hangs + ", cuts " + cuts + ", stalls " + stalls + ", drips " + drips);
        }
    }

    /** No faults at all: a healthy upstream. */
    public static FaultMix healthy() {
        return new FaultMix(0, 0, 0, 0, 0, 0);
    }

    /** The fault for the {@code call}-th call (from 0) carrying {@code prompt}. */
    public Fault pick(String prompt, int call, boolean stream) {
        CRC32 crc = new CRC32();
        crc.update(prompt.getBytes(StandardCharsets.UTF_8));
        double roll = new SplittableRandom(seed * 1_000_003L + crc.getValue() * 31 + call).nextDouble();
        if (roll < serverErrors) {
            return Fault.SERVER_ERROR;
        }
        if (roll < serverErrors + hangs) {
            return Fault.HANG;
        }
        if (roll < serverErrors + hangs + cuts) {
            return stream ? Fault.CUT : Fault.NONE;
        }
        if (roll < serverErrors + hangs + cuts + stalls) {
            return stream ? Fault.STALL : Fault.NONE;
        }
        if (roll < serverErrors + hangs + cuts + stalls + drips) {
            return Fault.DRIP;
        }
        return Fault.NONE;
    }

    /** Where a cut or a stall falls: after 1 to {@code pieces - 1} content chunks, so the client has seen a token. */
    public int cutAfter(String prompt, int call, int pieces) {
        return 1 + new SplittableRandom(seed ^ prompt.hashCode() ^ ((long) call << 32)).nextInt(Math.max(1, pieces - 1));
    }
}
