package dev.reprise.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What came back for one raw request: the status and headers and the body (de-chunked), or status 0 with
 * {@code noAnswer} saying why nothing did (the server closed without a word, or the wait ran out).
 */
public record RawAnswer(int status, Map<String, String> headers, byte[] body, String noAnswer) {

    static RawAnswer none(String why) {
        return new RawAnswer(0, Map.of(), new byte[0], why);
    }

    public boolean answered() {
        return status > 0;
    }

    /** A header's value by lower-case name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
