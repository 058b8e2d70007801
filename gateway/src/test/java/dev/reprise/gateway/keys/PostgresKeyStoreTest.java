package dev.reprise.gateway.keys;

import dev.reprise.gateway.cluster.PostgresAddress;
import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.gateway.cluster.PostgresSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The contract over a real PostgreSQL, plus what sharing adds: a second store (another node) reads only what changed,
 * an update made on a stale copy is refused, and a stopped database is an unavailability, not an error.
 */
class PostgresKeyStoreTest extends KeyStoreContractTest {

    private static PostgresServer pg;
    private final List<PostgresLink> links = new ArrayList<>();

    @BeforeAll
    static void startDatabase() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void closeLinks() {
        links.forEach(PostgresLink::close);
    }

    /** A node's link; its probe never fires by itself in these tests (an hour). */
    private PostgresLink link() {
        PostgresLink link = PostgresLink.open(new PostgresSettings(PostgresAddress.parse("ledger.url", pg.url()), 2,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofHours(1)),
                List.of("keys"), new SimpleMeterRegistry());
        links.add(link);
        return link;
    }

    @Override
    KeyStore openFresh() {
        PostgresLink link = link();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            c.createStatement().execute("TRUNCATE keys");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new PostgresKeyStore(link);
    }

    @Override
    KeyStore reopen() {
        return new PostgresKeyStore(link());
    }

    @Test
    void should_give_another_node_only_the_keys_changed_since_it_last_read() {
        KeyStore a = openFresh();
        KeyStore b = reopen();
        a.insert(bare("key_a", "hash-a"));
        assertEquals(List.of(bare("key_a", "hash-a")), b.loadAll());
        assertEquals(List.of(), b.changes());
        VirtualKey revoked = bare("key_a", "hash-a").revoked(T0.plusSeconds(9));
        a.update(revoked);
        a.insert(bare("key_b", "hash-b"));
        assertEquals(List.of(revoked, bare("key_b", "hash-b")), b.changes());
        assertEquals(List.of(), b.changes());
    }

    @Test
    void should_refuse_an_update_made_on_a_copy_another_node_has_changed_since() {
        KeyStore a = openFresh();
        KeyStore b = reopen();
        a.insert(bare("key_a", "hash-a"));
        b.loadAll();
        a.update(bare("key_a", "hash-a").revoked(T0.plusSeconds(9)));
        KeyRefused refused = assertThrows(KeyRefused.class,
                () -> b.update(bare("key_a", "hash-a").withSpec(bare("key_a", "x").spec().withName("renamed"))));
        assertEquals(KeyRefused.Reason.CHANGED_ELSEWHERE, refused.reason());
        b.changes();
        VirtualKey renamed = bare("key_a", "hash-a").revoked(T0.plusSeconds(9))
                .withSpec(bare("key_a", "x").spec().withName("renamed"));
        b.update(renamed);
        assertEquals(List.of(renamed), a.changes().stream().filter(k -> k.id().equals("key_a")).toList());
    }

    @Test
    void should_answer_unavailable_while_the_database_is_stopped_and_work_again_once_it_is_back() throws Exception {
        KeyStore store = openFresh();
        store.insert(bare("key_a", "hash-a"));
        pg.stop();
        try {
            assertThrows(KeyStoreUnavailable.class, () -> store.insert(bare("key_b", "hash-b")));
            // The failed write took the link down: the next calls fail at once, without a connection attempt.
            assertThrows(KeyStoreUnavailable.class, store::changes);
            assertThrows(KeyStoreUnavailable.class, () -> store.update(bare("key_a", "hash-a").revoked(T0)));
        } finally {
            pg.restart();
        }
        KeyStore fresh = reopen();
        assertEquals(List.of(bare("key_a", "hash-a")), fresh.loadAll());
    }
}
