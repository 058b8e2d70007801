package dev.reprise.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Pieces of JSON text, valid or deliberately not, written as strings so that nothing normalises them away. */
final class JsonText {

    /** Values of every JSON type and the edges of each: what "wrong types everywhere" puts in a field. */
    static final String[] ODD_VALUES = {
        "null", "true", "false", "0", "-1", "1.5", "-0.0", "1e308", "1e999", "-1e999", "2147483648",
        "9223372036854775808", "-9223372036854775809", "0.0000000000000000000001", "\"\"", "\"x\"", "\" \"",
        "\"NaN\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "[null]", "[1,\"a\",{}]", "[[]]", "{}", "{\"a\":1}",
        "{\"\":null}", "\"user\"", "\"mock\"", "\"auto\"", "[\"x\",\"y\",\"z\",\"w\",\"v\"]", "{\"type\":null}",
    };

    /** Tokens that are not JSON numbers but that lenient parsers accept. */
    static final String[] NON_NUMBERS = {
        "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.", "0x10", "1e", "--1", "1_000", "\"1\"",
    };

    private JsonText() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String userMessage(String text) {
        return "{\"role\":\"user\",\"content\":" + quote(text) + "}";
    }

    static String chat(String model, String messagesArray) {
        return "{\"model\":" + quote(model) + ",\"messages\":" + messagesArray + "}";
    }

    static String chat(String model, String messagesArray, String extraField, String extraValue) {
        return "{\"model\":" + quote(model) + ",\"messages\":" + messagesArray + "," + quote(extraField) + ":"
                + extraValue + "}";
    }

    /** {@code depth} opening brackets and as many closing ones: {@code [[[...]]]} or {@code {"a":{"a":...}}}. */
    static String nested(int depth, boolean objects, boolean closed) {
        StringBuilder out = new StringBuilder(depth * (objects ? 7 : 2));
        for (int i = 0; i < depth; i++) {
            out.append(objects ? "{\"a\":" : "[");
        }
        out.append("1");
        if (closed) {
            for (int i = 0; i < depth; i++) {
                out.append(objects ? '}' : ']');
            }
        }
        return out.toString();
    }

    /** A string of {@code length} characters drawn from a mix of scripts, emoji and JSON escapes. */
    static String text(Random random, int length) {
        String[] pieces = {"a", "hello ", "é", "中", "😀", "\u200b", "\\", "\"", "\n", "'", "<", "%s", "\u0001"};
        StringBuilder out = new StringBuilder(length + 4);
        while (out.length() < length) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        out.setLength(length);
        if (Character.isHighSurrogate(out.charAt(length - 1))) {
            out.setCharAt(length - 1, 'a');
        }
        return out.toString();
    }

    /** A string of one repeated character, cheap to make at any size. */
    static String repeat(char c, int length) {
        return String.valueOf(c).repeat(length);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code before}, the raw bytes, then {@code after}: how invalid UTF-8 gets inside an otherwise valid body. */
    static byte[] splice(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(raw);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
