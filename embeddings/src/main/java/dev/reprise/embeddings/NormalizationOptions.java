package dev.reprise.embeddings;

/**
 * Which steps {@link TextNormalizer} applies after Unicode NFKC, which it always applies.
 *
 * @param lowercase                lower-case with {@link java.util.Locale#ROOT}
 * @param collapseWhitespace       turn every run of whitespace into one space (leading and trailing space always goes)
 * @param stripTrailingPunctuation drop trailing {@code ? ! . , ; :} and the like
 * @param stripPleasantries        drop leading greetings ("hi", "hello there", "please") and trailing pleasantries
 *                                 ("thanks", "thank you", "pls")
 */
public record NormalizationOptions(boolean lowercase, boolean collapseWhitespace, boolean stripTrailingPunctuation,
                                   boolean stripPleasantries) {

    /** Every step on: the options the semantic cache uses unless configured otherwise. */
    public static final NormalizationOptions DEFAULTS = new NormalizationOptions(true, true, true, true);

    /** Only NFKC and trimming: the text as the user wrote it, give or take Unicode forms. */
    public static final NormalizationOptions NONE = new NormalizationOptions(false, false, false, false);
}
