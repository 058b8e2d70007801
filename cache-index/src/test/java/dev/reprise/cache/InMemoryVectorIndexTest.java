package dev.reprise.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** The contract on an in-memory {@link ByteBuffersDirectory}, shared across reopens within a test. */
class InMemoryVectorIndexTest extends VectorIndexContractTest {

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();

    @Override
    protected VectorIndex open(IndexOptions.Builder options) {
        return LuceneVectorIndex.open(directory, options.build());
    }

    @Test
    void should_open_a_private_in_memory_index_when_no_path_is_given() {
        try (VectorIndex index = LuceneVectorIndex.open(IndexOptions.defaults(null))) {
            CacheEntry e = TestEntries.entry("ns-a", "hi", vectors.random(), Instant.now()).build();
            index.put(e);
            assertEquals(e, index.get(e.id()).orElseThrow());
        }
    }

    @Test
    void should_refuse_a_path_together_with_a_directory() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> LuceneVectorIndex.open(directory, IndexOptions.defaults(Path.of("/tmp/x"))));
        assertTrue(error.getMessage().contains("directory"), error.getMessage());
    }
}
