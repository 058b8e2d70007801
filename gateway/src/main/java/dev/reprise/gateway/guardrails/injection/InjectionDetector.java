package dev.reprise.gateway.guardrails.injection;

import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.EmbeddingModelChoice;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores a prompt for prompt injection: phrase patterns on the normalised text and on anything decoded from it,
 * and cosine similarity of the prompt (and of its sentences, when long) to shipped attack exemplars. A category's
 * score is the larger of its pattern weight and its nearest-exemplar cosine; the verdict takes the top category.
 * Thread-safe; the threshold is the caller's.
 */
public final class InjectionDetector {

    /** The threshold of the best F1 on the tuning split of the in-repo set (README, "Prompt injection"). */
    public static final double DEFAULT_THRESHOLD = 0.60;
    /** The embedding model the exemplars and the threshold were measured with. */
    public static final EmbeddingModelChoice MODEL = EmbeddingModelChoice.ALL_MINILM_L6_V2_Q;

    // Beyond MiniLM's window the tail would be cut, so long prompts are also read sentence by sentence.
    private static final int WHOLE_TEXT_CHARS = 400;
    private static final int MAX_SEGMENTS = 24;
    private static final int MIN_SEGMENT_CHARS = 12;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?:;\\n])\\s+");
    /**
     * A prompt longer than {@code HEAD_CHARS + TAIL_CHARS} is read on its head and its tail only: the patterns, the
     * decoders and their ROT13 and reversed copies cost about a second per megabyte each, so a few megabytes of prompt
     * held a core for seconds before the cache (and four such requests were enough for the overload control to shed).
     * An attack appended to a long document, the usual place, is in the tail.
     */
    static final int HEAD_CHARS = 64 * 1024;
    static final int TAIL_CHARS = 32 * 1024;

    private final Embedder embedder;
    private final AttackExemplars exemplars;

    /** A detector over {@code exemplars}, which {@code embedder} embedded. */
    public InjectionDetector(Embedder embedder, AttackExemplars exemplars) {
        this.embedder = embedder;
        this.exemplars = exemplars;
    }

    /** A detector over the shipped exemplars; embeds them now (about a second with MiniLM). */
    public static InjectionDetector load(Embedder embedder) {
        return new InjectionDetector(embedder, AttackExemplars.embed(AttackExemplars.readShipped(), embedder));
    }

    /** Scores {@code text}, a user's message: patterns, decoded payloads and similarity to the exemplars. */
    public InjectionVerdict inspect(String text) {
        return read(text, true);
    }

    /**
     * Scores {@code text} without running the model: phrase patterns on the text and on decoded payloads only. Never
     * above {@link #inspect}'s score for the same text; the gateway runs it before the cache, so that a blunt attack
     * is stopped before anything else and an exact cache hit is never embedded.
     */
    public InjectionVerdict screen(String text) {
        return read(text, false);
    }

    private InjectionVerdict read(String whole, boolean similarity) {
        String text = headAndTail(whole);
        Map<InjectionCategory, Double> scores = new EnumMap<>(InjectionCategory.class);
        Map<InjectionCategory, String> evidence = new EnumMap<>(InjectionCategory.class);
        for (InjectionCategory c : InjectionCategory.values()) {
            scores.put(c, 0.0);
        }
        String normalised = PromptText.normalise(text);
        InjectionPatterns.match(normalised).values().forEach(hit -> raise(scores, evidence, hit.category(),
                hit.weight(), "pattern: " + hit.matched()));

        List<String> segments = new ArrayList<>(segments(normalised));
        List<String> origins = new ArrayList<>();
        segments.forEach(s -> origins.add(null));
        for (EncodedPayloads.Payload payload : EncodedPayloads.find(text)) {
            String decoded = PromptText.normalise(payload.text());
            if (payload.scheme().equals("reversed")) {
                // A plain prompt reversed is gibberish: only pattern hits count, and embedding it would cost a run.
                InjectionPatterns.match(decoded).values().forEach(hit -> raise(scores, evidence,
                        InjectionCategory.ENCODED, hit.weight(), "reversed: " + hit.matched()));
                continue;
            }
            InjectionPatterns.match(decoded).values().forEach(hit -> raise(scores, evidence,
                    InjectionCategory.ENCODED, hit.weight(), payload.scheme() + ": " + hit.matched()));
            if (payload.scheme().equals("unicode-tags")) {
                raise(scores, evidence, InjectionCategory.ENCODED, 0.8, "hidden unicode-tag text");
            }
            segments.add(decoded);
            origins.add(payload.scheme());
        }
        if (similarity) {
            nearestExemplars(segments, origins, scores, evidence);
        }
        InjectionCategory top = InjectionCategory.OVERRIDE;
        for (InjectionCategory c : InjectionCategory.values()) {
            if (scores.get(c) > scores.get(top)) {
                top = c;
            }
        }
        return new InjectionVerdict(scores.get(top), top, evidence.getOrDefault(top, ""), scores);
    }

    // A decoded payload's nearness counts as an encoded attack, whatever its exemplar's own category.
    private void nearestExemplars(List<String> segments, List<String> origins, Map<InjectionCategory, Double> scores,
                                  Map<InjectionCategory, String> evidence) {
        List<float[]> vectors = embedder.embedAll(segments);
        for (int i = 0; i < vectors.size(); i++) {
            String origin = origins.get(i);
            for (AttackExemplars.Nearest near : exemplars.nearest(vectors.get(i)).values()) {
                InjectionCategory category = origin == null ? near.exemplar().category() : InjectionCategory.ENCODED;
                raise(scores, evidence, category, near.cosine(),
                        (origin == null ? "" : origin + ": ") + "similar to: " + near.exemplar().text());
            }
        }
    }

    private static void raise(Map<InjectionCategory, Double> scores, Map<InjectionCategory, String> evidence,
                              InjectionCategory category, double score, String why) {
        if (score > scores.get(category)) {
            scores.put(category, Math.min(1.0, score));
            evidence.put(category, why);
        }
    }

    /** {@code text}, or its first {@link #HEAD_CHARS} and last {@link #TAIL_CHARS} characters when it is longer. */
    static String headAndTail(String text) {
        if (text.length() <= HEAD_CHARS + TAIL_CHARS) {
            return text;
        }
        int headEnd = Character.isHighSurrogate(text.charAt(HEAD_CHARS - 1)) ? HEAD_CHARS - 1 : HEAD_CHARS;
        int tailStart = text.length() - TAIL_CHARS;
        if (Character.isLowSurrogate(text.charAt(tailStart))) {
            tailStart++;
        }
        return text.substring(0, headEnd) + "\n" + text.substring(tailStart);
    }

    // The whole prompt (its head, when long), then its sentences when there is more than one window of text.
    static List<String> segments(String normalised) {
        List<String> out = new ArrayList<>();
        out.add(normalised.length() > WHOLE_TEXT_CHARS ? normalised.substring(0, WHOLE_TEXT_CHARS) : normalised);
        if (normalised.length() > WHOLE_TEXT_CHARS / 2) {
            for (String sentence : SENTENCE_END.split(normalised)) {
                if (out.size() > MAX_SEGMENTS) {
                    break;
                }
                if (sentence.length() >= MIN_SEGMENT_CHARS && !sentence.equals(normalised)) {
                    out.add(sentence);
                }
            }
        }
        return out;
    }
}
