package dev.reprise.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a streamed answer ended, judged from the bytes the client received: every event must be a whole SSE frame
 * whose data is JSON or {@code [DONE]}, nothing may follow {@code [DONE]}, and an error event must carry an OpenAI
 * error object and be followed by {@code [DONE]} alone.
 */
public final class SseTranscript {

    /** The verdict on one stream. */
    public enum Ending {
        /** The whole answer, a stop, then [DONE]. */
        COMPLETED,
        /** Some tokens, then an error event and [DONE]: the clean way to fail after starting. */
        ERROR_AFTER_START,
        /** An error event before any token. */
        ERROR_BEFORE_START,
        /** Anything else: a frame cut short, data that is not JSON, no [DONE], events after it, a wrong answer. */
        BROKEN
    }

    /** The verdict and, when broken or failed, why; {@code tokens} counts the content chunks received. */
    public record Verdict(Ending ending, int tokens, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SseTranscript() {
    }

    /** Judges {@code body}, the whole text of a 200 {@code text/event-stream} answer up to its end. */
    public static Verdict judge(String body, String expectedAnswer) {
        if (!body.isEmpty() && !body.endsWith("\n\n")) {
            return new Verdict(Ending.BROKEN, 0, "the last frame is incomplete: ..." + tail(body));
        }
        List<String> data = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            StringBuilder payload = new StringBuilder();
            boolean hasData = false;
            for (String line : frame.split("\n")) {
                if (line.isEmpty() || line.startsWith(":")) {
                    continue; // keep-alive comments
                }
                if (!line.startsWith("data:")) {
                    return new Verdict(Ending.BROKEN, 0, "a line that is neither data nor a comment: " + line);
                }
                payload.append(hasData ? "\n" : "").append(line.substring(5).stripLeading());
                hasData = true;
            }
            if (hasData) {
                data.add(payload.toString());
            }
        }
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        boolean stopped = false;
        String error = null;
        for (int i = 0; i < data.size(); i++) {
            String d = data.get(i);
            if (d.equals("[DONE]")) {
                if (i != data.size() - 1) {
                    return new Verdict(Ending.BROKEN, tokens, "events after [DONE]");
                }
                if (error != null) {
                    return new Verdict(tokens > 0 ? Ending.ERROR_AFTER_START : Ending.ERROR_BEFORE_START, tokens,
                            error);
                }
                if (!stopped || !text.toString().equals(expectedAnswer)) {
                    return new Verdict(Ending.BROKEN, tokens, "[DONE] after " + (stopped ? "a stop" : "no stop")
                            + " and the text '" + text + "'");
                }
                return new Verdict(Ending.COMPLETED, tokens, "");
            }
            if (error != null) {
                return new Verdict(Ending.BROKEN, tokens, "an event after the error event: " + d);
            }
            JsonNode event;
            try {
                event = JSON.readTree(d);
            } catch (IOException e) {
                return new Verdict(Ending.BROKEN, tokens, "data that is not JSON: " + d);
            }
            if (event == null || !event.isObject()) {
                return new Verdict(Ending.BROKEN, tokens, "data that is not a JSON object: " + d);
            }
            if (event.has("error")) {
                JsonNode e = event.get("error");
                if (!e.path("message").isTextual() || !e.has("type")) {
                    return new Verdict(Ending.BROKEN, tokens, "an error event without message and type: " + d);
                }
                error = e.path("code").asText(e.path("type").asText()) + ": " + e.path("message").asText();
                continue;
            }
            for (JsonNode choice : event.path("choices")) {
                String content = choice.path("delta").path("content").asText("");
                if (!content.isEmpty()) {
                    text.append(content);
                    tokens++;
                }
                if (choice.path("finish_reason").isTextual()) {
                    stopped = true;
                }
            }
        }
        return new Verdict(Ending.BROKEN, tokens, "no [DONE] at the end" + (error != null ? " of " + error : ""));
    }

    private static String tail(String body) {
        return body.substring(Math.max(0, body.length() - 60)).replace("\n", "\\n");
    }
}
