package dev.reprise.bench.guardrails.pii;

import dev.reprise.gateway.guardrails.PiiType;

/**
 * One text of the evaluation set: a real support question as it is ({@link Source#REAL}), or one with a planted
 * value at {@code [start, end)}, sensitive ({@link Source#PLANTED}, of {@code type}) or a look-alike. {@code format}
 * names how the value is written; {@code listed} says whether the README lists that layout as detected.
 */
record PiiSample(String id, String split, Source source, String format, PiiType type, boolean listed, String text,
                 int start, int end) {

    static final String TUNE = "tune";
    static final String HELD_OUT = "heldout";

    enum Source { PLANTED, LOOK_ALIKE, REAL }

    static PiiSample real(String id, String split, String text) {
        return new PiiSample(id, split, Source.REAL, "real question", null, false, text, -1, -1);
    }

    String value() {
        return start < 0 ? "" : text.substring(start, end);
    }
}
