package dev.reprise.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A child-JVM program for {@link LuceneVectorIndexCrashTest}: stores and commits some entries, stores more
 * without committing, prints READY and waits to be killed.
 * Arguments: index directory, committed count, uncommitted count.
 */
public final class CrashingIndexWriter {

    static final String READY = "READY";
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private CrashingIndexWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        int committed = Integer.parseInt(args[1]);
        int uncommitted = Integer.parseInt(args[2]);
        // A long interval, so nothing but the explicit commit makes entries durable.
        LuceneVectorIndex index = LuceneVectorIndex.open(IndexOptions.builder()
                .directory(directory)
                .commitInterval(Duration.ofHours(1))
                .build());
        TestVectors vectors = new TestVectors(7);
        for (int i = 0; i < committed; i++) {
            index.put(entry("committed-" + i, vectors.random()));
        }
        index.commit();
        for (int i = 0; i < uncommitted; i++) {
            index.put(entry("pending-" + i, vectors.random()));
        }
        index.getExact("warm-up", CREATED); // forces a refresh: flushes a segment that no commit refers to
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }

    static CacheEntry entry(String id, float[] vector) {
        return TestEntries.entry("ns-crash", id, vector, CREATED).id(id).build();
    }
}
