package dev.reprise.gateway.cluster;

import dev.reprise.cache.CacheEntry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link CacheChange.Sent} as the fields of one stream record, and back. Text fields are UTF-8, numbers decimal
 * text, the vector float32 little-endian. A record this version cannot read (another version, a missing or bad field,
 * a record someone else added to the stream) is refused with {@link UnreadableChange}, never half-applied.
 */
final class ChangeCodec {

    /** Bump when the fields change meaning; a node skips (and counts) records of a version it does not know. */
    static final String VERSION = "1";

    private ChangeCodec() {
    }

    static Map<String, byte[]> encode(CacheChange.Sent sent) {
        Map<String, byte[]> f = new HashMap<>();
        put(f, "v", VERSION);
        put(f, "origin", sent.origin());
        put(f, "sent", Long.toString(sent.sentAt().toEpochMilli()));
        switch (sent.change()) {
            case CacheChange.Put(CacheEntry e) -> {
                put(f, "op", "put");
                put(f, "id", e.id());
                put(f, "namespace", e.namespace());
                put(f, "tenant", e.tenant());
                put(f, "alias", e.modelAlias());
                put(f, "text", e.matchedText());
                put(f, "exact-key", e.exactKey());
                if (e.vector() != null) {
                    f.put("vector", floats(e.vector()));
                }
                f.put("payload", e.payload());
                put(f, "prompt-tokens", Long.toString(e.promptTokens()));
                put(f, "completion-tokens", Long.toString(e.completionTokens()));
                put(f, "cost-usd", Double.toString(e.costUsd()));
                put(f, "created", Long.toString(e.createdAt().toEpochMilli()));
                if (e.expiresAt() != null) {
                    put(f, "expires", Long.toString(e.expiresAt().toEpochMilli()));
                }
            }
            case CacheChange.Delete(String id) -> {
                put(f, "op", "delete");
                put(f, "id", id);
            }
            case CacheChange.Purge(String alias, String tenant) -> {
                put(f, "op", "purge");
                if (alias != null) {
                    put(f, "alias", alias);
                }
                if (tenant != null) {
                    put(f, "tenant", tenant);
                }
            }
        }
        return f;
    }

    /** @throws UnreadableChange when the fields are not a change this version writes */
    static CacheChange.Sent decode(Map<String, byte[]> fields) {
        Fields f = new Fields(fields);
        String version = f.text("v");
        if (!VERSION.equals(version)) {
            throw new UnreadableChange("version " + version + ", this node reads " + VERSION);
        }
        CacheChange change = switch (f.text("op")) {
            case "put" -> new CacheChange.Put(entry(f));
            case "delete" -> new CacheChange.Delete(f.text("id"));
            case "purge" -> new CacheChange.Purge(f.optionalText("alias"), f.optionalText("tenant"));
            case String op -> throw new UnreadableChange("unknown op '" + op + "'");
        };
        return new CacheChange.Sent(f.text("origin"), Instant.ofEpochMilli(f.number("sent")), change);
    }

    private static CacheEntry entry(Fields f) {
        try {
            String expires = f.optionalText("expires");
            return CacheEntry.builder()
                    .id(f.text("id"))
                    .namespace(f.text("namespace"))
                    .tenant(f.text("tenant"))
                    .modelAlias(f.text("alias"))
                    .matchedText(f.text("text"))
                    .exactKey(f.text("exact-key"))
                    .vector(f.has("vector") ? floats(f.bytes("vector")) : null)
                    .payload(f.bytes("payload"))
                    .promptTokens(f.number("prompt-tokens"))
                    .completionTokens(f.number("completion-tokens"))
                    .costUsd(f.decimal("cost-usd"))
                    .createdAt(Instant.ofEpochMilli(f.number("created")))
                    .expiresAt(expires == null ? null : Instant.ofEpochMilli(parse("expires", expires)))
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            // The entry's own checks (a blank id, a vector not of unit length, ...): not an entry this node serves.
            throw e instanceof UnreadableChange u ? u : new UnreadableChange("not a valid entry: " + e.getMessage());
        }
    }

    private static void put(Map<String, byte[]> fields, String name, String value) {
        fields.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] floats(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return b.array();
    }

    private static float[] floats(byte[] bytes) {
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            throw new UnreadableChange("a vector of " + bytes.length + " bytes");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    private static long parse(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UnreadableChange("field '" + name + "' is not a whole number");
        }
    }

    /** The record's fields by name, each required unless read as optional. */
    private record Fields(Map<String, byte[]> raw) {

        boolean has(String name) {
            return raw.containsKey(name);
        }

        byte[] bytes(String name) {
            byte[] v = raw.get(name);
            if (v == null) {
                throw new UnreadableChange("no field '" + name + "'");
            }
            return v;
        }

        String text(String name) {
            return new String(bytes(name), StandardCharsets.UTF_8);
        }

        String optionalText(String name) {
            return has(name) ? text(name) : null;
        }

        long number(String name) {
            return parse(name, text(name));
        }

        double decimal(String name) {
            try {
                return Double.parseDouble(text(name));
            } catch (NumberFormatException e) {
                throw new UnreadableChange("field '" + name + "' is not a number");
            }
        }
    }

    /** A stream record this node cannot read: skipped and counted, never applied. */
    static final class UnreadableChange extends IllegalArgumentException {
        UnreadableChange(String message) {
            super(message);
        }
    }
}
