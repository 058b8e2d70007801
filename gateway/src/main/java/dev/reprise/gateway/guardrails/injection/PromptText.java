package dev.reprise.gateway.guardrails.injection;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds a prompt into the form the patterns read: NFKC (full-width and styled letters become plain), invisible
 * format characters removed, common Cyrillic and Greek look-alikes mapped to Latin, lower case, single spaces.
 * Unicode tag characters are removed here too; {@link EncodedPayloads} reads them before.
 */
final class PromptText {

    // Look-alikes an attacker swaps in to dodge "ignore" or "system"; the set is small on purpose (light folding).
    private static final String LOOKALIKES = "аеорсухіјѕԁɡοαν";
    private static final String LATIN = "aeopcyxijsdgoav";

    private PromptText() {
    }

    static String normalise(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT || EncodedPayloads.isTag(cp)) {
                continue; // zero-width joiners, soft hyphens, bidi marks, tag characters: invisible, so dropped
            }
            if (Character.isWhitespace(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            int look = LOOKALIKES.indexOf(cp);
            if (look >= 0) {
                out.append(LATIN.charAt(look));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }
}
