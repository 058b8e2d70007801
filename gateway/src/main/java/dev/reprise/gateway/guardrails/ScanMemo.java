package dev.reprise.gateway.guardrails;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reprise.gateway.Sha256;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The results of a scan that depends on a text alone (the PII patterns, the injection screen), kept by the text's
 * SHA-256 so that a repeated prompt is not scanned again: on an exact cache hit the guardrails' patterns were most of
 * the gateway's CPU. The texts themselves are never kept (a prompt may hold personal data), only their digests, and a
 * digest cannot be steered into a collision. Texts over {@code maxChars} are scanned every time: rarely repeated word
 * for word, and their hashing would cost what the memo saves. Thread-safe; bounded by entries.
 *
 * @param <V> the scan's result, immutable: every request with the same text shares it
 */
public final class ScanMemo<V> {

    /** About 40 bytes of digest and 100 of map and result per entry: a few MiB. */
    public static final int DEFAULT_ENTRIES = 20_000;
    public static final int DEFAULT_MAX_CHARS = 4_096;

    private record Key(Object variant, ByteBuffer digest) {
    }

    private final Cache<Key, V> results;
    private final int maxChars;

    public ScanMemo(int entries, int maxChars) {
        this.results = Caffeine.newBuilder()
                .maximumSize(entries)
                .executor(Runnable::run) // upkeep on the caller, not on the common pool
                .build();
        this.maxChars = maxChars;
    }

    /**
     * {@code scan} of {@code text}, from the memo when the same text was scanned in the same {@code variant} (what
     * else the scan depends on, such as the kinds looked for; must have a value-based equals), else scanned now.
     */
    public V get(Object variant, String text, Function<String, V> scan) {
        if (text.length() > maxChars) {
            return scan.apply(text);
        }
        Key key = new Key(variant, ByteBuffer.wrap(Sha256.of(text)));
        V known = results.getIfPresent(key);
        if (known == null) {
            // Outside the memo's locks: two requests with the same new text may both scan it, which is harmless.
            known = scan.apply(text);
            results.put(key, known);
        }
        return known;
    }

    /** How many results are kept; for tests. */
    long size() {
        results.cleanUp();
        return results.estimatedSize();
    }
}
