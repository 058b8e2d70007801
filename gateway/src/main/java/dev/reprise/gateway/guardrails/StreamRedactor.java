package dev.reprise.gateway.guardrails;

import dev.reprise.gateway.stream.TextFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * Redacts a streamed answer piece by piece, with the same findings and placeholders as the whole answer would get:
 * it holds back only the end from which a pattern still reads to the end of the text so far (a word that may be an
 * address's start, a run of digits that may be a card or a phone number), and sends the rest at once. Per stream.
 */
public final class StreamRedactor implements TextFilter {

    /**
     * Characters of sent text kept in front of the held part: what a value may not follow (one character) and the
     * "version " that makes a dotted quad a version rather than an address.
     */
    static final int CONTEXT = 16;
    /**
     * The most it holds back. Only an unbroken run of token characters grows this long (no e-mail address, card,
     * phone number or IBAN does): it is then released as if the answer ended there, so a secret in it is still
     * redacted (in two parts), and a stream never goes silent for long while its provider is still writing.
     */
    public static final int MAX_HELD = 1_024;

    private final PiiDetector detector;
    private final Redaction redaction;
    /** Up to {@link #CONTEXT} characters already sent, then the held text. */
    private String pending = "";
    private int heldFrom;

    /** Numbers the answer's values after the request's own in {@code redaction}. */
    public StreamRedactor(PiiDetector detector, Redaction redaction) {
        this.detector = detector;
        this.redaction = redaction;
    }

    @Override
    public String next(String piece) {
        String text = pending + piece;
        int cut = detector.unsettledFrom(text, heldFrom, redaction.types());
        List<PiiFinding> settled = new ArrayList<>();
        for (PiiFinding f : detector.find(text, heldFrom, redaction.types())) {
            if (f.start() >= cut) {
                break;
            }
            if (f.end() > cut) {
                // A value that another pattern's unfinished match runs into: held whole with it.
                cut = f.start();
                break;
            }
            settled.add(f);
        }
        if (text.length() - cut > MAX_HELD) {
            return release(text);
        }
        String out = redaction.redactAnswer(text, heldFrom, cut, settled);
        int keep = Math.max(0, cut - CONTEXT);
        pending = text.substring(keep);
        heldFrom = cut - keep;
        return out;
    }

    @Override
    public String flush() {
        String out = redaction.redactAnswer(pending, heldFrom, pending.length(),
                detector.find(pending, heldFrom, redaction.types()));
        pending = "";
        heldFrom = 0;
        return out;
    }

    /**
     * Sends all of {@code text} as if the answer ended there, and reads what follows as if the answer began there
     * (no context in front: after a token character, the rest of the run would match nothing).
     */
    private String release(String text) {
        String out = redaction.redactAnswer(text, heldFrom, text.length(),
                detector.find(text, heldFrom, redaction.types()));
        pending = "";
        heldFrom = 0;
        return out;
    }

    /** How many characters are held back now. */
    public int held() {
        return pending.length() - heldFrom;
    }
}
