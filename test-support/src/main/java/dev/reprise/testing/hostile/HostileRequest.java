package dev.reprise.testing.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One hostile request as the bytes that go on the wire: {@code family} names what kind of hostility it is (the
 * figure counts by it), {@code halfClose} says the client stops sending after these bytes, as a client whose body
 * is cut short does (otherwise the server would rightly wait for the rest until its body timeout).
 */
public record HostileRequest(String family, byte[] raw, boolean halfClose) {

    /** The request line, cut to 120 characters, for reports. */
    public String requestLine() {
        int end = 0;
        while (end < raw.length && end < 120 && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }
}
