package dev.reprise.gateway.guardrails;

import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.ContentPart;
import dev.reprise.models.wire.MessageContent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request's PII: every finding in its messages, the request with each value replaced by a typed placeholder
 * ({@code [CARD_1]}; the same value gets the same placeholder throughout the conversation), and the way back from
 * placeholders to values for the answer. Per request, not thread-safe.
 */
public final class Redaction {

    private final PiiDetector detector;
    private final Set<PiiType> types;
    private final Map<String, String> placeholderByValue = new HashMap<>();
    private final Map<String, String> valueByPlaceholder = new LinkedHashMap<>();
    private final Map<PiiType, Integer> countByType = new EnumMap<>(PiiType.class);
    private final Map<PiiType, Integer> findingsByType = new EnumMap<>(PiiType.class);
    private final Map<PiiType, Integer> answerFindingsByType = new EnumMap<>(PiiType.class);
    /** Placeholders first given in an answer: never restored, since the provider wrote those values, not the client. */
    private final Set<String> fromAnswer = new java.util.HashSet<>();
    private boolean inAnswer;

    public Redaction(PiiDetector detector, Set<PiiType> types) {
        this.detector = detector;
        this.types = types;
    }

    /** The request with every finding replaced; counts the findings. */
    public ChatCompletionRequest redact(ChatCompletionRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage m : request.messages()) {
            messages.add(m.content() == null ? m : new ChatMessage(m.role(), redact(m.content()), m.name(),
                    m.toolCalls(), m.toolCallId(), m.refusal()));
        }
        return request.withMessages(messages);
    }

    private MessageContent redact(MessageContent content) {
        if (content.text() != null) {
            return MessageContent.of(redact(content.text()));
        }
        List<ContentPart> parts = new ArrayList<>();
        for (ContentPart p : content.parts()) {
            parts.add(ContentPart.TEXT.equals(p.type()) && p.text() != null ? ContentPart.text(redact(p.text())) : p);
        }
        return MessageContent.of(parts);
    }

    /**
     * An answer's text with each finding replaced; a value the request had keeps its placeholder, a new one gets the
     * next number and is never restored.
     */
    public String redactAnswer(String text) {
        inAnswer = true;
        try {
            return redact(text);
        } finally {
            inAnswer = false;
        }
    }

    /** {@code text} with each finding replaced by its placeholder. */
    public String redact(String text) {
        List<PiiFinding> found = detector.find(text, types);
        return found.isEmpty() ? text : replace(text, 0, text.length(), found);
    }

    /**
     * {@code text} from {@code from} to {@code to} as an answer's, with {@code found} (the findings there, from
     * {@link PiiDetector#find(String, int, Set)} on the same text) replaced: a stream redacts its answer piece by piece.
     */
    String redactAnswer(String text, int from, int to, List<PiiFinding> found) {
        inAnswer = true;
        try {
            return replace(text, from, to, found);
        } finally {
            inAnswer = false;
        }
    }

    private String replace(String text, int from, int to, List<PiiFinding> found) {
        StringBuilder out = new StringBuilder(to - from);
        int at = from;
        for (PiiFinding f : found) {
            (inAnswer ? answerFindingsByType : findingsByType).merge(f.type(), 1, Integer::sum);
            String value = text.substring(f.start(), f.end());
            String placeholder = placeholderByValue.computeIfAbsent(f.type() + ":" + value, k -> {
                int n = countByType.merge(f.type(), 1, Integer::sum);
                String p = "[" + f.type().label() + "_" + n + "]";
                valueByPlaceholder.put(p, value);
                if (inAnswer) {
                    fromAnswer.add(p);
                }
                return p;
            });
            out.append(text, at, f.start()).append(placeholder);
            at = f.end();
        }
        return out.append(text, at, to).toString();
    }

    /** The kinds this redaction looks for. */
    Set<PiiType> types() {
        return types;
    }

    /** The request's placeholders and their values, as they stand: what {@link #restore} puts back. */
    public Map<String, String> restorable() {
        Map<String, String> out = new LinkedHashMap<>(valueByPlaceholder);
        out.keySet().removeAll(fromAnswer);
        return Map.copyOf(out);
    }

    /** {@code text} with this request's placeholders put back. */
    public String restore(String text) {
        if (text == null || valueByPlaceholder.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> e : valueByPlaceholder.entrySet()) {
            if (!fromAnswer.contains(e.getKey())) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** How many findings of each kind, in the kinds' order. */
    public Map<PiiType, Integer> findings() {
        return Map.copyOf(findingsByType);
    }

    /** How many findings of each kind the answers had. */
    public Map<PiiType, Integer> answerFindings() {
        return Map.copyOf(answerFindingsByType);
    }

    public boolean found() {
        return !findingsByType.isEmpty();
    }
}
