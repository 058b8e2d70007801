package dev.reprise.gateway.http;

import java.util.ArrayList;
import java.util.List;

/** Splits an SSE body into the payloads of its {@code data:} events (comments and blank lines dropped). */
final class SseEvents {

    private SseEvents() {
    }

    static List<String> data(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring("data: ".length()));
            }
        }
        return out;
    }
}
