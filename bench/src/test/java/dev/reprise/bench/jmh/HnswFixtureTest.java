package dev.reprise.bench.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HnswFixtureTest {

    @Test
    void should_find_most_true_neighbours_of_embedding_like_vectors(@TempDir Path dir) throws Exception {
        try (HnswFixture fixture = HnswFixture.open(dir, VectorFormat.FLOAT, VectorData.LOW_RANK, 2000)) {
            double recall = fixture.recall(HnswFixture.queries(VectorData.LOW_RANK, 20), 10);

            assertTrue(recall >= 0.8 && recall <= 1.0, "recall@10 " + recall);
        }
    }

    @Test
    void should_reopen_the_cached_index_instead_of_building_it_again(@TempDir Path dir) throws Exception {
        HnswFixture.open(dir, VectorFormat.SQ8, VectorData.UNIFORM, 300).close();
        Path built = dir.resolve("hnsw-uniform-sq8-300-d384").resolve("built");
        String first = Files.readString(built);

        try (HnswFixture again = HnswFixture.open(dir, VectorFormat.SQ8, VectorData.UNIFORM, 300)) {
            assertEquals(10, again.search(HnswFixture.queries(VectorData.UNIFORM, 1)[0], 10).length);
        }
        assertEquals(first, Files.readString(built));
    }

    @Test
    void should_rank_a_stored_vector_as_its_own_nearest_neighbour_by_brute_force(@TempDir Path dir) throws Exception {
        float[] third = null;
        RandomUnitVectors data = VectorData.LOW_RANK.vectors(HnswFixture.DIMENSION, 42);
        for (int i = 0; i < 3; i++) {
            third = data.next();
        }
        try (HnswFixture fixture = HnswFixture.open(dir, VectorFormat.FLOAT, VectorData.LOW_RANK, 500)) {
            assertEquals(2, fixture.bruteForce(new float[][] {third}, 10)[0][0]);
        }
    }

    @Test
    void should_make_unit_vectors_in_both_shapes() {
        for (RandomUnitVectors v : List.of(RandomUnitVectors.uniform(384, 1),
                RandomUnitVectors.lowRank(384, 16, 2, 3))) {
            float[] x = v.next();
            double norm = 0;
            for (float f : x) {
                norm += f * f;
            }
            assertEquals(1.0, norm, 1e-4);
        }
    }
}
