package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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

            // A liveness check, not a timing one: the deadline is far beyond the 100 ms interval.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
            assertEquals(1, committed, "entries in the last commit");
        }
    }
}
