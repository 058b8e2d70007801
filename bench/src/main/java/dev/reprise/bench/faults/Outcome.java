package dev.reprise.bench.faults;

import java.util.List;

/**
 * What one client request got through the gateway: its status, how long until its answer had ended, the stream's
 * verdict (null for a plain request), whether it hung past the client's limit, the gateway's fallback and attempts
 * headers, and the faults the primary served its calls.
 */
public record Outcome(boolean stream, int status, double millis, SseTranscript.Verdict verdict, boolean hung,
                      String detail, String fallback, String attempts, List<FaultMix.Fault> primaryFaults) {

    /** A plain request that got a 200 with the whole answer. */
    public boolean plainOk() {
        return !stream && !hung && status == 200 && detail.isEmpty();
    }

    /** Primary calls that never answered: hangs, and drips (a 200 that never gets past its headers' promise). */
    public long hangsMet() {
        return primaryFaults.stream().filter(f -> f == FaultMix.Fault.HANG || f == FaultMix.Fault.DRIP).count();
    }

    public boolean ending(SseTranscript.Ending ending) {
        return stream && !hung && status == 200 && verdict != null && verdict.ending() == ending;
    }
}
