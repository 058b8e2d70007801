package dev.reprise.testing.hostile;

import java.util.Random;

import static dev.reprise.testing.hostile.JsonText.chat;
import static dev.reprise.testing.hostile.JsonText.quote;
import static dev.reprise.testing.hostile.JsonText.userMessage;

/**
 * Hostile bodies for {@code POST /v1/chat/completions}, one method per family: each draws one variant from the
 * random source, so a seed fixes the whole corpus. Every body names a model that exists, so that what is wrong is
 * only the hostile part.
 */
final class ChatBodies {

    /** Fields of the request, top level, into which {@link JsonText#ODD_VALUES} go. */
    private static final String[] FIELDS = {
        "model", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed",
        "presence_penalty", "frequency_penalty", "response_format", "tools", "tool_choice", "parallel_tool_calls",
        "user", "n", "stream", "stream_options", "metadata", "logprobs", "logit_bias",
    };
    /** Fields of a message. */
    private static final String[] MESSAGE_FIELDS = {"role", "content", "name", "tool_calls", "tool_call_id", "refusal"};
    private static final String[] ROLES = {
        "\"wizard\"", "\"\"", "\"USER\"", "\"System\"", "\"developer\"", "\"function\"", "\"tool\"", "null", "1",
        "\"user \"", "\"assistant\"", "[\"user\"]", "\"\\u0000user\"",
    };
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0x00},
    };
    /** Sizes of huge strings as parts of the body limit: the last one is over it. */
    private static final double[] HUGE_SHARES = {1 / 64.0, 1 / 8.0, 1 / 4.0, 3 / 4.0, 5 / 4.0};

    private final String model;
    private final long maxBody;

    ChatBodies(String model, long maxBody) {
        this.model = model;
        this.maxBody = maxBody;
    }

    byte[] valid(Random r) {
        String text = "What is the capital of country number " + r.nextInt(1000) + "?";
        return switch (r.nextInt(3)) {
            case 0 -> JsonText.utf8(chat(model, "[" + userMessage(text) + "]"));
            case 1 -> JsonText.utf8(chat(model, "[" + userMessage(text) + "]", "stream", "true"));
            default -> JsonText.utf8(chat(model, "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + userMessage(text) + "]", "temperature", "0"));
        };
    }

    byte[] invalidUtf8(Random r) {
        byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
        String head = "{\"model\":" + quote(model) + ",\"messages\":[{\"role\":\"user\",";
        return switch (r.nextInt(7)) {
            case 0 -> JsonText.splice(head + "\"content\":\"hi ", bad, " there\"}]}");
            // Leading zero bytes make a parser guess UTF-32 (the fuzzer found this one).
            case 6 -> JsonText.splice("", new byte[] {0, 0, 0}, chat(model, "[" + userMessage("hi") + "]"));
            case 1 -> JsonText.splice(head + "\"content\":\"hi\",\"na", bad, "me\":\"x\"}]}");
            case 2 -> JsonText.splice("{\"model\":\"", bad, "\",\"messages\":[" + userMessage("hi") + "]}");
            case 3 -> JsonText.splice(head + "\"content\":\"hi\"}", bad, "]}");
            case 4 -> JsonText.utf8(chat(model, "[{\"role\":\"user\",\"content\":\"\\ud800 \\udc00\\ud800 x\"}]"));
            default -> JsonText.splice("\uFEFF", JsonText.utf8(chat(model, "[" + userMessage("hi") + "]")), "");
        };
    }

    byte[] deepNesting(Random r) {
        int depth = new int[] {1_001, 10_000, 100_000}[r.nextInt(3)];
        boolean objects = r.nextBoolean();
        boolean closed = r.nextInt(4) != 0;
        String deep = JsonText.nested(depth, objects, closed);
        return JsonText.utf8(switch (r.nextInt(5)) {
            case 0 -> deep;
            case 1 -> chat(model, "[{\"role\":\"user\",\"content\":" + deep + "}]");
            case 2 -> chat(model, "[" + userMessage("hi") + "]", "metadata", deep);
            case 3 -> chat(model, "[" + userMessage("hi") + "]", "tools",
                    "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + deep + "}}]");
            default -> chat(model, "[" + userMessage("hi") + "]", "tool_choice", deep);
        });
    }

    byte[] hugeString(Random r) {
        int size = (int) (maxBody * HUGE_SHARES[r.nextInt(HUGE_SHARES.length)]);
        String big = r.nextBoolean() ? JsonText.repeat('a', size) : JsonText.text(r, size / 4);
        return JsonText.utf8(switch (r.nextInt(6)) {
            case 0, 1 -> chat(model, "[" + userMessage(big) + "]");
            case 2 -> "{\"model\":" + quote(big) + ",\"messages\":[" + userMessage("hi") + "]}";
            case 3 -> chat(model, "[" + userMessage("hi") + "]", "user", quote(big));
            case 4 -> chat(model, "[" + userMessage("hi") + "]", big.substring(0, Math.min(big.length(), 1 << 20)),
                    "1");
            default -> chat(model, "[" + userMessage("hi") + "]", "stop", "[" + quote(big) + "]");
        });
    }

    byte[] hugeArray(Random r) {
        // Elements are 1 to 40 bytes: from a few kilobytes to well past the limit.
        int n = (int) Math.max(1_000, maxBody / new int[] {1_000, 50, 8}[r.nextInt(3)]);
        String element = switch (r.nextInt(4)) {
            case 0 -> userMessage("hi");
            case 1 -> "1";
            case 2 -> "\"s\"";
            default -> "{\"type\":\"text\",\"text\":\"x\"}";
        };
        String array = "[" + (element + ",").repeat(n - 1) + element + "]";
        return JsonText.utf8(switch (r.nextInt(5)) {
            case 0 -> chat(model, array);
            case 1 -> chat(model, "[" + userMessage("hi") + "]", "stop", array);
            case 2 -> chat(model, "[{\"role\":\"user\",\"content\":" + array + "}]");
            case 3 -> chat(model, "[" + userMessage("hi") + "]", "tools", array);
            default -> chat(model, "[" + userMessage("hi") + "]", "metadata",
                    "{" + manyKeys(n) + "}");
        });
    }

    private static String manyKeys(int n) {
        StringBuilder out = new StringBuilder(n * 10);
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return out.toString();
    }

    byte[] wrongType(Random r) {
        String value = JsonText.ODD_VALUES[r.nextInt(JsonText.ODD_VALUES.length)];
        if (r.nextInt(3) == 0) {
            String field = MESSAGE_FIELDS[r.nextInt(MESSAGE_FIELDS.length)];
            String message = switch (field) {
                case "role" -> "{\"role\":" + value + ",\"content\":\"hi\"}";
                case "content" -> "{\"role\":\"user\",\"content\":" + value + "}";
                default -> "{\"role\":\"user\",\"content\":\"hi\"," + quote(field) + ":" + value + "}";
            };
            return JsonText.utf8(chat(model, "[" + message + "]"));
        }
        String field = FIELDS[r.nextInt(FIELDS.length)];
        return JsonText.utf8(switch (field) {
            case "model" -> "{\"model\":" + value + ",\"messages\":[" + userMessage("hi") + "]}";
            case "messages" -> "{\"model\":" + quote(model) + ",\"messages\":" + value + "}";
            default -> chat(model, "[" + userMessage("hi") + "]", field, value);
        });
    }

    byte[] duplicateKey(Random r) {
        return JsonText.utf8(switch (r.nextInt(5)) {
            case 0 -> "{\"model\":" + quote(model) + ",\"model\":\"other\",\"messages\":[" + userMessage("hi") + "]}";
            case 1 -> chat(model, "[{\"role\":\"user\",\"role\":\"system\",\"content\":\"hi\"}]");
            case 2 -> chat(model, "[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\"}]");
            case 3 -> chat(model, "[" + userMessage("hi") + "]", "metadata", "{\"a\":\"1\",\"a\":\"2\"}");
            default -> chat(model, "[" + userMessage("hi") + "]", "stream", "false,\"stream\":true");
        });
    }

    byte[] nonNumber(Random r) {
        String token = JsonText.NON_NUMBERS[r.nextInt(JsonText.NON_NUMBERS.length)];
        String[] numeric = {"temperature", "top_p", "max_tokens", "seed", "presence_penalty", "n",
            "max_completion_tokens", "frequency_penalty"};
        String field = numeric[r.nextInt(numeric.length)];
        if (r.nextInt(4) == 0) {
            token = "1" + "0".repeat(r.nextBoolean() ? 2_000 : 200_000);
        }
        return JsonText.utf8(chat(model, "[" + userMessage("hi") + "]", field, token));
    }

    byte[] unknownRole(Random r) {
        String role = ROLES[r.nextInt(ROLES.length)];
        String extra = r.nextBoolean() ? "" : "," + userMessage("and then?");
        return JsonText.utf8(chat(model, "[{\"role\":" + role + ",\"content\":\"hi\"}" + extra + "]"));
    }

    byte[] toolCalls(Random r) {
        String[] arguments = {
            "\"not json\"", "\"{\"", "\"{\\\"a\\\":\"", "\"[1,2]\"", "\"null\"", "\"\"", "{\"a\":1}", "123", "null",
            "\"\\u0000\"", quote(JsonText.nested(5_000, false, true)), quote("{\"a\":" + "1".repeat(100_000) + "}"),
        };
        String args = arguments[r.nextInt(arguments.length)];
        String id = r.nextInt(5) == 0 ? JsonText.ODD_VALUES[r.nextInt(JsonText.ODD_VALUES.length)] : "\"call_1\"";
        String call = switch (r.nextInt(4)) {
            case 0 -> "{\"id\":" + id + ",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":" + args
                    + "}}";
            case 1 -> "{\"id\":\"call_1\",\"type\":\"function\",\"function\":null}";
            case 2 -> "{\"id\":\"call_1\",\"type\":\"retrieval\",\"function\":{\"name\":\"\",\"arguments\":" + args
                    + "}}";
            default -> "{\"id\":\"call_1\",\"function\":{\"name\":" + quote("f".repeat(10_000)) + ",\"arguments\":"
                    + args + "}}";
        };
        String toolReply = r.nextBoolean() ? "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}"
                : "{\"role\":\"tool\",\"content\":\"orphan\"}";
        String messages = "[" + userMessage("use the tool") + ",{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[" + call + "]}," + toolReply + "," + userMessage("thanks") + "]";
        String[] extras = {
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"nope\"}}}]",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\","
                    + "\"properties\":{\"a\":{\"$ref\":\"#\"}},\"required\":[\"b\",1]}}}]",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\","
                    + "\"function\":{\"name\":\"g\"}}",
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":"
                    + "[\"object\",1],\"properties\":7}}}",
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":null}",
            "\"response_format\":{\"type\":\"xml\"}",
            "\"tool_choice\":\"sometimes\"",
        };
        String extra = r.nextInt(3) == 0 ? "," + extras[r.nextInt(extras.length)] : "";
        return JsonText.utf8("{\"model\":" + quote(model) + ",\"messages\":" + messages + extra + "}");
    }

    byte[] contentParts(Random r) {
        String[] parts = {
            "[]", "[null]", "[{\"type\":\"text\"}]", "[{\"type\":\"text\",\"text\":1}]",
            "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://169.254.169.254/latest/meta-data\"}}]",
            "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,!!!\"}}]",
            "[{\"type\":\"image_url\",\"image_url\":\"x\"}]", "[{\"type\":\"input_audio\",\"input_audio\":{}}]",
            "[{\"type\":\"file\",\"file\":{\"file_data\":\"x\"}}]", "[{\"text\":\"no type\"}]", "[{}]",
        };
        return JsonText.utf8(chat(model, "[{\"role\":\"user\",\"content\":" + parts[r.nextInt(parts.length)] + "}]"));
    }

    byte[] brokenJson(Random r) {
        String whole = chat(model, "[" + userMessage("hi") + "]");
        return JsonText.utf8(switch (r.nextInt(9)) {
            case 0 -> whole.substring(0, 1 + r.nextInt(whole.length() - 1));
            case 1 -> whole + "}";
            case 2 -> whole + " {\"model\":\"x\"}";
            case 3 -> "[" + whole + "]";
            case 4 -> quote(whole);
            case 5 -> "null";
            case 6 -> "";
            case 7 -> "{\"model\":'mock',messages:[]}";
            default -> "/* comment */" + whole;
        });
    }
}
