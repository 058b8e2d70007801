package dev.reprise.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The kinds of hostile request the corpus holds, one per constant, each making one request from the random source.
 * The chat-body families go to {@code /v1/chat/completions} with a working key; the rest attack the HTTP layer,
 * the headers the gateway reads, and its other endpoints.
 */
public enum HostileFamily {

    VALID {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.valid(r)).as(label());
        }
    },
    INVALID_UTF8 {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.invalidUtf8(r)).as(label());
        }
    },
    DEEP_NESTING {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.deepNesting(r)).as(label());
        }
    },
    HUGE_STRING {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.hugeString(r)).as(label());
        }
    },
    HUGE_ARRAY {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.hugeArray(r)).as(label());
        }
    },
    WRONG_TYPE {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.wrongType(r)).as(label());
        }
    },
    DUPLICATE_KEY {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.duplicateKey(r)).as(label());
        }
    },
    NON_NUMBER {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.nonNumber(r)).as(label());
        }
    },
    UNKNOWN_ROLE {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.unknownRole(r)).as(label());
        }
    },
    TOOL_CALLS {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.toolCalls(r)).as(label());
        }
    },
    CONTENT_PARTS {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.contentParts(r)).as(label());
        }
    },
    BROKEN_JSON {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return chatPost(t, chat.brokenJson(r)).as(label());
        }
    },
    CACHE_HEADERS {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.cacheHeaders(r, chatPost(t, chat.valid(r))).as(label());
        }
    },
    HEADER_INJECTION {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.injected(r, chatPost(t, chat.valid(r))).as(label());
        }
    },
    HUGE_HEADERS {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.huge(r, chatPost(t, chat.valid(r))).as(label());
        }
    },
    AUTH_HEADER {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.auth(r, HttpBytes.request("POST", "/v1/chat/completions").body(chat.valid(r)))
                    .as(label());
        }
    },
    REQUEST_LINE {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.requestLine(r, t).as(label());
        }
    },
    FRAMING {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HostileHeaders.framing(r, t, chat.valid(r)).asHalfClosed(label());
        }
    },
    CONTENT_ENCODING {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            byte[] body = switch (r.nextInt(3)) {
                case 0 -> gzipOfZeros(16 << 20);
                case 1 -> gzip(chat.valid(r));
                default -> chat.valid(r);
            };
            String[] encodings = {"gzip", "deflate", "br", "gzip, gzip", "identity", "x-nonsense", "zstd"};
            return chatPost(t, body).header("Content-Encoding", encodings[r.nextInt(encodings.length)]).as(label());
        }
    },
    CONTENT_TYPE {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            String[] types = {"text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=nonsense", "*/*", "", "application/xml",
                "application/json;;;;", "application/json; boundary=\"" + "x".repeat(2000) + "\""};
            HttpBytes req = HttpBytes.request("POST", "/v1/chat/completions").auth(t.apiKey()).noContentType();
            if (r.nextInt(5) == 0) {
                return req.body(new String(chat.valid(r), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16))
                        .header("Content-Type", "application/json; charset=utf-16").as(label());
            }
            return req.body(chat.valid(r)).header("Content-Type", types[r.nextInt(types.length)]).as(label());
        }
    },
    WRONG_METHOD {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            String[] methods = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "PROPFIND",
                "post", "BREW"};
            String[] paths = {"/v1/chat/completions", "/v1/models", "/v1/feedback", "/health", "/metrics",
                "/admin/keys", "/admin/cache", "/v1/embeddings", "/v1/completions", "/dashboard"};
            HttpBytes req = HttpBytes.request(methods[r.nextInt(methods.length)], paths[r.nextInt(paths.length)])
                    .auth(t.apiKey());
            return (r.nextBoolean() ? req.body(chat.valid(r)) : req).as(label());
        }
    },
    FEEDBACK {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return HttpBytes.request("POST", "/v1/feedback").auth(t.apiKey()).body(AdminBodies.feedback(r))
                    .as(label());
        }
    },
    ADMIN {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return AdminBodies.admin(r, t, chat).as(label());
        }
    },
    OTHER_PATHS {
        @Override
        HostileRequest make(Random r, HostileTarget t, ChatBodies chat) {
            return AdminBodies.otherPath(r, t, chat).as(label());
        }
    };

    abstract HostileRequest make(Random r, HostileTarget t, ChatBodies chat);

    /** The family's name as reports show it: {@code deep-nesting}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static HttpBytes chatPost(HostileTarget t, byte[] body) {
        return HttpBytes.request("POST", "/v1/chat/completions").auth(t.apiKey()).body(body);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A small body that inflates to {@code size} zero bytes: a decompression bomb. */
    private static byte[] gzipOfZeros(int size) {
        return BOMB.computeIfAbsent(size, s -> gzip(new byte[s]));
    }

    private static final java.util.Map<Integer, byte[]> BOMB = new java.util.concurrent.ConcurrentHashMap<>();
}
