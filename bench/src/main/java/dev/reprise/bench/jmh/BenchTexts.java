package dev.reprise.bench.jmh;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts the benchmarks and load runs send: a short query, a 130-word query, support questions that get cached,
 * and for one of them paraphrases that MiniLM places above the default 0.95 similarity threshold (so they are
 * semantic hits, not exact ones: each normalises to a different text).
 */
public final class BenchTexts {

    /** A typical short chat query. */
    public static final String SHORT_QUERY = "How do I reset my password?";

    /** A 130-word query: a long support request, still inside MiniLM's 256-token window. */
    public static final String LONG_QUERY = String.join(" ",
            "I have been trying to move our team's billing from the monthly plan to the annual plan for about a week,",
            "and every time I open the billing page in the admin console it shows an error saying that the payment",
            "method on file could not be verified. We changed our company credit card last month because the old one",
            "expired, and I updated the card number, expiry date and billing address, but the console still shows the",
            "old card that we no longer use, even when trying from another browser. Could you tell me what",
            "I should do to switch to",
            "annual billing, whether we will lose the discount for this year, and how to make sure that the invoice",
            "goes to our finance department email instead of mine?");

    /** The question whose paraphrases {@link #PARAPHRASES} should hit the semantic tier. */
    public static final String STORED_QUESTION = "How do I reset my password?";

    /** Rewordings of {@link #STORED_QUESTION} that normalise to different texts but embed within 0.95 of it. */
    public static final List<String> PARAPHRASES = List.of(
            "How can I reset my password?",
            "How should I reset my password?",
            "How do I reset my account password?",
            "How do you reset my password?",
            "How do I reset the password?",
            "How could I reset my password?",
            "How do I reset my password now?",
            "How can I reset the password?",
            "How do I reset a password?");

    private static final List<String> TOPICS = List.of(
            "reset my password", "change my billing address", "export my data to CSV", "invite a new team member",
            "delete my account", "enable two-factor authentication", "change the language of the app",
            "download last month's invoice", "connect the Slack integration", "rename a project",
            "restore a deleted file", "change my email address", "cancel my subscription", "upgrade to the team plan",
            "share a dashboard with a client", "turn off email notifications", "set up single sign-on",
            "move a project to another workspace", "change the time zone", "archive old projects");

    private static final List<String> FORMS = List.of("How do I %s?", "What is the way to %s?", "Can I %s?",
            "Where do I go to %s?", "Is it possible to %s from the mobile app?");

    private BenchTexts() {
    }

    /** {@code count} distinct support questions built from topics and question forms; count is at most 100. */
    public static List<String> questions(int count) {
        if (count < 1 || count > TOPICS.size() * FORMS.size()) {
            throw new IllegalArgumentException("count must be between 1 and " + TOPICS.size() * FORMS.size()
                    + ", got " + count);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(String.format(FORMS.get(i / TOPICS.size()), TOPICS.get(i % TOPICS.size())));
        }
        return out;
    }

    /** A question no cache has seen: distinct for every {@code n}, and free of digits so no guard decides it. */
    public static String uniqueQuestion(long n) {
        StringBuilder word = new StringBuilder();
        long v = n;
        do {
            word.append((char) ('a' + (v % 26)));
            v /= 26;
        } while (v > 0);
        return "What does the setting called " + word + " do in the project options?";
    }
}
