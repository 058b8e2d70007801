package dev.reprise.gateway.judge;

import java.util.List;

/**
 * The question put to the judge model: does the answer cached for one question also answer another? The template
 * holds {@code {new_question}}, {@code {cached_question}} and {@code {cached_answer}}; the default puts each on a line
 * of its own, after {@code NEW QUESTION:}, {@code CACHED QUESTION:} and {@code CACHED ANSWER:}, and asks for
 * {@code {"same_answer": true}} or {@code {"same_answer": false}}.
 */
public record JudgePrompt(String template) {

    public static final String NEW_QUESTION = "{new_question}";
    public static final String CACHED_QUESTION = "{cached_question}";
    public static final String CACHED_ANSWER = "{cached_answer}";

    public static final String DEFAULT_TEMPLATE = """
            You check a cache of a customer-support assistant. A customer asked a new question. The cache holds an \
            answer written for another question. Decide whether the cached answer is a correct and complete answer \
            to the new question, exactly as it is written. Different actions, amounts, numbers, IDs, products, \
            places or directions mean a different answer.
            NEW QUESTION: {new_question}
            CACHED QUESTION: {cached_question}
            CACHED ANSWER: {cached_answer}
            Reply with JSON only: {"same_answer": true} or {"same_answer": false}.""";

    public static final JudgePrompt DEFAULT = new JudgePrompt(DEFAULT_TEMPLATE);

    public JudgePrompt {
        for (String placeholder : List.of(NEW_QUESTION, CACHED_QUESTION, CACHED_ANSWER)) {
            if (template == null || !template.contains(placeholder)) {
                throw new IllegalArgumentException("cache.judge.prompt must contain " + placeholder);
            }
        }
    }

    /**
     * The prompt for one pair. Inputs are put on one line each (line breaks become spaces), so a question cannot
     * start a line of its own that reads like one of the template's labels.
     */
    public String render(String newQuestion, String cachedQuestion, String cachedAnswer) {
        // One pass over the template, so a placeholder inside an input is never expanded again.
        StringBuilder out = new StringBuilder(template.length() + 512);
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith(NEW_QUESTION, i)) {
                out.append(oneLine(newQuestion));
                i += NEW_QUESTION.length();
            } else if (template.startsWith(CACHED_QUESTION, i)) {
                out.append(oneLine(cachedQuestion));
                i += CACHED_QUESTION.length();
            } else if (template.startsWith(CACHED_ANSWER, i)) {
                out.append(oneLine(cachedAnswer));
                i += CACHED_ANSWER.length();
            } else {
                out.append(template.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\u2028\\u2029]+", " ").strip();
    }
}
