package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a JVM that is writing the index and checks that every committed entry survives. */
class LuceneVectorIndexCrashTest {

    private static final int COMMITTED = 200;
    private static final int UNCOMMITTED = 100;

    @TempDir
    Path directory;

    @Test
    void should_open_cleanly_with_every_committed_entry_after_kill_9() throws Exception {
        Process child = startWriter();
        try {
            assertEquals(CrashingIndexWriter.READY, firstLine(child));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "killed child exits");
        }
        assertNotEquals(0, child.exitValue(), "the child was killed, not finished");

        try (FSDirectory dir = FSDirectory.open(directory); CheckIndex check = new CheckIndex(dir)) {
            check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_SLOW_CHECKS);
            assertTrue(check.checkIndex().clean, "CheckIndex finds the index clean");
        }

        try (LuceneVectorIndex index = LuceneVectorIndex.open(IndexOptions.defaults(directory))) {
            TestVectors vectors = new TestVectors(7);
            for (int i = 0; i < COMMITTED; i++) {
                CacheEntry expected = CrashingIndexWriter.entry("committed-" + i, vectors.random());
                assertEquals(expected, index.get(expected.id()).orElse(null), "entry " + expected.id());
            }
            CacheEntry sample = CrashingIndexWriter.entry("committed-0", new TestVectors(7).random());
            assertEquals(sample.id(), index.nearest("ns-crash", sample.vector(), 1, CrashingIndexWriter.CREATED)
                    .getFirst().entry().id());

            // The reopened index is writable and durable again.
            CacheEntry after = CrashingIndexWriter.entry("after-crash", vectors.random());
            index.put(after);
            index.commit();
            assertEquals(after, index.get(after.id()).orElseThrow());
        }
    }

    private Process startWriter() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingIndexWriter.class.getName());
        command.add(directory.toString());
        command.add(Integer.toString(COMMITTED));
        command.add(Integer.toString(UNCOMMITTED));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The child's first line on stdout (JVM warnings go to stderr), waiting at most a minute. */
    private static String firstLine(Process child) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
