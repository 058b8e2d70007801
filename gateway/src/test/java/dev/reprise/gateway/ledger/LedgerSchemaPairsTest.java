package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresSchema;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Each SQLite script of the ledger has its PostgreSQL twin of the same version and name, so the two stay one schema. */
class LedgerSchemaPairsTest {

    @Test
    void should_have_a_postgresql_twin_for_every_sqlite_migration() throws Exception {
        List<String> sqlite = scripts("db/ledger");
        assertFalse(sqlite.isEmpty());
        assertEquals(sqlite, scripts(PostgresSchema.location("ledger").substring("classpath:".length())));
    }

    private static List<String> scripts(String folder) throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(LedgerSchemaPairsTest.class.getClassLoader().getResource(folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }
}
