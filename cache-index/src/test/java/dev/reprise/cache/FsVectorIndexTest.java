package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.time.Duration;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an index in a file-system directory. */
class FsVectorIndexTest extends VectorIndexContractTest {

    @TempDir
    Path directory;

    @Override
    protected VectorIndex open(IndexOptions.Builder options) {
        return LuceneVectorIndex.open(options.directory(directory).build());
    }

    @Test
    void should_commit_in_the_background() throws Exception {
        try (VectorIndex index = open(IndexOptions.builder().commitInterval(Duration.ofMillis(100)))) {
            index.put(TestEntries.entry("ns-a", "durable", vectors.random(), clock.instant()).build());

            assertEquals(1, committedWithin(Duration.ofSeconds(20)), "entries in the last commit");
        }
    }

    @Test
    void should_commit_on_schedule_while_a_purge_is_stuck() throws Exception {
        // The purge reads the clock on the housekeeping thread; this clock holds it there until released.
        var purgeStarted = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread testThread = Thread.currentThread();
        java.time.Clock stuck = new java.time.Clock() {
            @Override
            public java.time.Instant instant() {
                if (Thread.currentThread() != testThread) {
                    purgeStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return clock.instant();
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        VectorIndex index = LuceneVectorIndex.open(IndexOptions.builder().directory(directory).clock(stuck)
                .purgeInterval(Duration.ofMillis(100)).commitInterval(Duration.ofMillis(500)).build());
        try {
            assertTrue(purgeStarted.await(20, java.util.concurrent.TimeUnit.SECONDS), "the purge never ran");
            index.put(TestEntries.entry("ns-a", "durable", vectors.random(), clock.instant()).build());

            assertEquals(1, committedWithin(Duration.ofSeconds(20)), "entries in the last commit");
        } finally {
            release.countDown();
            index.close();
        }
    }

    /** Polls the last commit until it holds an entry: a liveness check, the deadline far beyond the interval. */
    private int committedWithin(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int committed = 0;
        try (FSDirectory dir = FSDirectory.open(directory)) {
            while (committed == 0 && System.nanoTime() < deadline) {
                if (DirectoryReader.indexExists(dir)) {
                    try (DirectoryReader reader = DirectoryReader.open(dir)) {
                        committed = reader.numDocs();
                    }
                }
                Thread.sleep(20);
            }
        }
        return committed;
    }

    @Test
    void should_keep_a_marker_with_the_entries_across_a_reopen() {
        CacheEntry e = TestEntries.entry("ns-a", "kept", vectors.random(), clock.instant()).build();
        try (VectorIndex index = open(IndexOptions.builder())) {
            index.put(e);
            index.mark("feed", "1700000000000-3");
            index.mark("gone", "x");
            index.mark("gone", null);
        }
        try (VectorIndex index = open(IndexOptions.builder())) {
            assertEquals(java.util.Optional.of("1700000000000-3"), index.marker("feed"));
            assertEquals(java.util.Optional.empty(), index.marker("gone"));
            assertEquals(java.util.Optional.of(e), index.get(e.id()));
            index.mark("feed", "1700000000000-4");
        }
        try (VectorIndex index = open(IndexOptions.builder())) {
            assertEquals(java.util.Optional.of("1700000000000-4"), index.marker("feed"),
                    "a marker alone is a change worth committing");
        }
    }

    @Test
    void should_create_the_index_folder_for_its_owner_only() throws Exception {
        Path folder = directory.resolve("data").resolve("cache-index");
        try (VectorIndex index = LuceneVectorIndex.open(IndexOptions.builder().directory(folder).build())) {
            index.put(TestEntries.entry("ns-a", "a tenant's question", vectors.random(), clock.instant()).build());
        }

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
    }

    @Test
    void should_take_group_and_other_rights_off_an_index_written_before() throws Exception {
        Path folder = directory.resolve("cache-index");
        try (VectorIndex index = LuceneVectorIndex.open(IndexOptions.builder().directory(folder).build())) {
            index.put(TestEntries.entry("ns-a", "a tenant's question", vectors.random(), clock.instant()).build());
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }

        LuceneVectorIndex.open(IndexOptions.builder().directory(folder).build()).close();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String rights = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                assertTrue(rights.endsWith("------"), file.getFileName() + " is " + rights);
            }
        }
    }
}
