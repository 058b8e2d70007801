package dev.reprise.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 1-5 score out of a judge's reply, which models phrase in many ways: {@code Score: 4}, {@code 4/5} in bold,
 * {@code {"score": 4}}, or a bare {@code 4}. A reply with none of these, or with a number outside 1-5, has no score.
 */
public final class JudgeScore {

    private static final ObjectMapper JSON = new ObjectMapper();

    // Most specific first: a reply that explains itself may mention other numbers before or after its score.
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)\\bscore\\b\\W{0,4}(\\d+(?:\\.\\d+)?)(?:\\s*(?:/|out of)\\s*5)?"),
            Pattern.compile("(?i)\\b(\\d+(?:\\.\\d+)?)\\s*(?:/|out of)\\s*5\\b"),
            Pattern.compile("^\\W*(\\d+(?:\\.\\d+)?)\\W*$"),
            Pattern.compile("^\\W*(\\d)\\b(?![.,]\\d)"));

    private JudgeScore() {
    }

    /** The score, or null when the reply gives none in 1-5. */
    public static Integer parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return null;
        }
        String text = reply.strip();
        Integer fromJson = fromJson(text);
        if (fromJson != null) {
            return fromJson;
        }
        for (Pattern pattern : PATTERNS) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return inRange(m.group(1));
            }
        }
        return null;
    }

    private static Integer fromJson(String text) {
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        if (open < 0 || close <= open) {
            return null;
        }
        try {
            JsonNode score = JSON.readTree(text.substring(open, close + 1)).path("score");
            return score.isNumber() || score.isTextual() ? inRange(score.asText()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Integer inRange(String number) {
        try {
            double x = Double.parseDouble(number);
            return x >= 1 && x <= 5 && x == Math.rint(x) ? (int) x : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
