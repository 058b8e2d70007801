package dev.reprise.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The header, request-line and framing attacks: what only a raw socket can send. */
final class HostileHeaders {

    private static final String[] CACHE_VALUES = {
        "NaN", "-1", "2", "1e309", "", " ", "0x1", "0.9,0.8", "1" + "0".repeat(500), "-0", "Infinity", "0.5abc",
        "never", "-1s", "99999999999999999999d", "1e9s", "0s", "1ns", "P1D", "9223372036854775807ms", "\u00e9",
    };
    private static final String[] CACHE_CONTROL = {
        "no-store", "no-cache", "max-age=-1", "max-age=99999999999999999999", "no-cache, no-cache", "max-age=\"",
        "max-age", "=", ",,,,", "no-store, max-age=10, private, must-revalidate, x=\"" + "y".repeat(3000) + "\"",
        "max-age=1e9", "s-maxage=abc", "no-transform; no-store",
    };
    private static final String[] CACHE_HEADERS = {
        "x-reprise-cache-threshold", "x-reprise-cache-ttl", "cache-control", "x-reprise-intent",
        "x-reprise-task-type", "x-reprise-ab-key", "x-reprise-cache", "x-request-id",
    };

    private HostileHeaders() {
    }

    static HttpBytes cacheHeaders(Random r, HttpBytes req) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String name = CACHE_HEADERS[r.nextInt(CACHE_HEADERS.length)];
            String value = name.equals("cache-control") ? CACHE_CONTROL[r.nextInt(CACHE_CONTROL.length)]
                    : r.nextInt(6) == 0 ? "z".repeat(1 + r.nextInt(7_000)) : CACHE_VALUES[r.nextInt(CACHE_VALUES.length)];
            req.header(name, value);
        }
        return req;
    }

    static HttpBytes injected(Random r, HttpBytes req) {
        byte[][] lines = {
            ascii("X-A: a\rb"), ascii("X-A: a\nInjected: 1"), ascii("X-A: a\r\nInjected: 1"), ascii("X A: b"),
            ascii("no colon here"), ascii(": empty name"), ascii("X-A:\u0000b"), ascii(" X-Folded: continued"),
            {'X', '-', (byte) 0xC3, (byte) 0xA9, ':', ' ', 'v'}, {'X', '-', 'A', ':', ' ', (byte) 0xFF, (byte) 0xFE},
            ascii("X-A: v\u007f"), ascii("Host: evil.example"), ascii("Content-Length: 5"),
            ascii("Transfer-Encoding: chunked"), ascii("x-reprise-cache-threshold: 0.5\r\nx-reprise-cache-ttl: 1s"),
            ascii("X-Request-Id: \u0001\u0002"), ascii("X-Request-Id: " + "r".repeat(5000)),
            ascii("Authorization: Bearer a\r\nAuthorization: Bearer b"), ascii("Connection: keep-alive, Upgrade"),
            ascii("Upgrade: h2c"), ascii("Expect: 100-continue"), ascii("Expect: nonsense"),
        };
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            req.headerBytes(lines[r.nextInt(lines.length)]);
        }
        return req;
    }

    static HttpBytes huge(Random r, HttpBytes req) {
        switch (r.nextInt(4)) {
            case 0 -> req.header("X-Big", "b".repeat(new int[] {8_000, 16_000, 64_000, 1 << 20}[r.nextInt(4)]));
            case 1 -> {
                int n = new int[] {100, 1_000, 10_000}[r.nextInt(3)];
                for (int i = 0; i < n; i++) {
                    req.header("X-H" + i, "v");
                }
            }
            case 2 -> req.header("X-" + "n".repeat(new int[] {1_000, 20_000}[r.nextInt(2)]), "v");
            default -> req.header("Cookie", "c=" + "k".repeat(40_000));
        }
        return req;
    }

    static HttpBytes auth(Random r, HttpBytes req) {
        String[] values = {
            "Bearer", "Bearer ", "Bearer  ", "bearer sk-x", "Basic dXNlcjpwYXNz", "Bearer " + "k".repeat(10_000),
            "Bearer sk-\u00e9\u00ff", "Token abc", "Bearer sk-test sk-other", "Bearer \"sk\"", "NaN",
        };
        if (r.nextInt(5) == 0) {
            return req.headerBytes(new byte[] {'A', 'u', 't', 'h', 'o', 'r', 'i', 'z', 'a', 't', 'i', 'o', 'n', ':',
                ' ', 'B', 'e', 'a', 'r', 'e', 'r', ' ', (byte) 0x80, (byte) 0xFF, 0x01});
        }
        return req.header("Authorization", values[r.nextInt(values.length)]);
    }

    static HttpBytes requestLine(Random r, HostileTarget t) {
        String[] lines = {
            "FOO /v1/chat/completions HTTP/1.1", "POST /v1/chat/completions HTTP/9.9", "POST /v1/chat/completions",
            "POST  /v1//chat/completions HTTP/1.1", "GET /" + "p".repeat(100_000) + " HTTP/1.1",
            "GET /v1/models?%zz=1 HTTP/1.1", "GET /v1/chat/completions/../../admin/keys HTTP/1.1",
            "GET /v1/models/%00 HTTP/1.1", "GET /v1/models/%2e%2e%2fadmin%2fkeys HTTP/1.1",
            "GET http://evil.example/v1/models HTTP/1.1", "OPTIONS * HTTP/1.1", "GET /health HTTP/1.0",
            "GET /health HTTP/1.1 extra", "GET /v1/models/" + "m".repeat(5_000) + " HTTP/1.1",
            "GET /v1/models/\u00e9 HTTP/1.1", "GET /admin/usage?from=" + "9".repeat(50) + " HTTP/1.1",
            "PRI * HTTP/2.0", "GET /v1/models?" + "a=1&".repeat(5_000) + " HTTP/1.1", "\u0016\u0003\u0001\u0002",
            "GET /%%% HTTP/1.1", "get /health http/1.1", "GET /v1/models#frag HTTP/1.1",
        };
        return HttpBytes.rawLine(lines[r.nextInt(lines.length)]).auth(t.apiKey());
    }

    /** Bodies whose length or chunking lies; sent with a half-close, as a client that has nothing more to say. */
    static HttpBytes framing(Random r, HostileTarget t, byte[] body) {
        HttpBytes req = HttpBytes.request("POST", "/v1/chat/completions").auth(t.apiKey()).noContentLength();
        String text = new String(body, StandardCharsets.UTF_8);
        String hex = Integer.toHexString(body.length);
        return switch (r.nextInt(12)) {
            case 0 -> req.header("Content-Length", Integer.toString(body.length + 1 + r.nextInt(100))).body(body);
            case 1 -> req.header("Content-Length", "-1").body(body);
            case 2 -> req.header("Content-Length", "abc").body(body);
            case 3 -> req.header("Content-Length", "99999999999999999999").body(body);
            case 4 -> req.header("Content-Length", Integer.toString(body.length))
                    .header("Content-Length", Integer.toString(body.length + 5)).body(body);
            case 5 -> req.header("Content-Length", Integer.toString(body.length))
                    .header("Transfer-Encoding", "chunked").body(hex + "\r\n" + text + "\r\n0\r\n\r\n");
            case 6 -> req.header("Transfer-Encoding", "chunked").body(hex + "\r\n" + text + "\r\n");
            case 7 -> req.header("Transfer-Encoding", "chunked").body("zz\r\n" + text + "\r\n0\r\n\r\n");
            case 8 -> req.header("Transfer-Encoding", "chunked").body(hex + ";ext=\"" + "e".repeat(5000) + "\"\r\n"
                    + text + "\r\n0\r\n\r\n");
            case 9 -> req.header("Transfer-Encoding", "gzip, chunked").body(hex + "\r\n" + text + "\r\n0\r\n\r\n");
            case 10 -> req.header("Transfer-Encoding", "chunked").body("1\r\n{\r\n0\r\nX-Trailer: "
                    + "t".repeat(20_000) + "\r\n\r\n");
            default -> req.header("Content-Length", "0").body(body);
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
