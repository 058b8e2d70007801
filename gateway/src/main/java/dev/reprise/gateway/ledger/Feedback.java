package dev.reprise.gateway.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An outcome a client reports for one of its requests: a {@code score} from {@value #MIN_SCORE} (bad) to
 * {@value #MAX_SCORE} (good), a short {@code label} such as {@code accepted}, or both, with an optional comment.
 * {@code tenant} and {@code keyId} say who gave it; only the tenant's own requests can be rated.
 */
public record Feedback(String requestId, String tenant, String keyId, Double score, String label, String comment) {

    public static final double MIN_SCORE = 0;
    public static final double MAX_SCORE = 1;
    /** Labels are counted per variant, so they are short names from a small set, not free text. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    public static final int MAX_LABEL = 64;
    /** Free text belongs in the comment, bounded so a client cannot grow the ledger by megabytes a call. */
    public static final int MAX_COMMENT = 1000;

    public Feedback {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
        if (score == null && label == null) {
            throw new IllegalArgumentException("a score, a label or both");
        }
        if (score != null && !(score >= MIN_SCORE && score <= MAX_SCORE)) {
            throw new IllegalArgumentException("score out of range: " + score);
        }
        if (label != null && !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("bad label");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("comment too long");
        }
    }
}
