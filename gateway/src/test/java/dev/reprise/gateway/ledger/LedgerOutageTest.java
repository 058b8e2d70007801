package dev.reprise.gateway.ledger;

import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.cluster.PostgresLink;
import dev.reprise.gateway.cluster.PostgresServer;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's ledger while its PostgreSQL is away (a real server, stopped and started again): rows wait on local
 * disk, within the configured bound, and arrive after it is back, in order and none twice; the loss and the return
 * are each logged once. The writer runs when the test says ({@link UsageLedger#drain}); the probe likewise.
 */
class LedgerOutageTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(UsageLedgerTest.T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private UsageLedger ledger(PostgresLink link, long bufferLimit, boolean storeText) throws Exception {
        LedgerSettings settings = new LedgerSettings(true, null, LedgerSettings.DEFAULT_RETENTION, storeText,
                Duration.ofSeconds(1), 1_000, link.settings(), bufferLimit);
        return new UsageLedger(LedgerStore.onPostgres(link), LedgerBuffer.open(dir.resolve("buffer"), bufferLimit),
                settings, clock, registry, new ManualExecutor());
    }

    private static PostgresLink link(PostgresServer pg) {
        return PostgresLink.open(LedgerBackendsTest.settings(pg), List.of("ledger"), new SimpleMeterRegistry());
    }

    private static SettledRequest request(String id) {
        return UsageLedgerTest.request(id, UsageLedgerTest.T0);
    }

    @Test
    void should_keep_rows_on_disk_while_postgres_is_away_and_write_them_in_order_none_twice() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             PostgresLink link = link(pg);
             LogCapture logs = LogCapture.of("dev.reprise.gateway")) {
            UsageLedger ledger = ledger(link, LedgerSettings.DEFAULT_BUFFER_LIMIT, false);
            ledger.settled(request("before-1"));
            ledger.settled(request("before-2"));
            ledger.drain();
            assertEquals(List.of("before-1", "before-2"), requestIds(pg));

            pg.stop();
            for (int i = 1; i <= 3; i++) {
                ledger.settled(request("during-" + i));
            }
            ledger.drain(); // the insert fails: the link goes down, the batch goes to disk
            assertFalse(link.up());
            for (int i = 4; i <= 6; i++) {
                ledger.settled(request("during-" + i));
            }
            ledger.drain(); // straight to disk, behind the first batch
            assertEquals(6, ledger.buffered());
            assertEquals(6.0, registry.get("reprise.ledger.buffered.rows").gauge().value());
            assertEquals(0, ledger.dropped());

            pg.restart();
            link.check();
            ledger.settled(request("after-1"));
            ledger.drain();
            assertEquals(List.of("before-1", "before-2", "during-1", "during-2", "during-3", "during-4", "during-5",
                    "during-6", "after-1"), requestIds(pg));
            assertEquals(0, ledger.buffered());
            assertEquals(1, logs.at(Level.WARNING, "is away: ledger rows wait in").size(), logs.lines().toString());
            assertEquals(1, logs.at(Level.INFO, "wrote the 6 rows that waited on disk").size(),
                    logs.lines().toString());
            assertEquals(1, logs.at(Level.WARNING, "unreachable").size(), logs.lines().toString());
            assertFalse(logs.everything().contains("before-1") || logs.everything().contains("during-1"),
                    "no row's values in the log: " + logs.everything());
            ledger.close();
        }
    }

    @Test
    void should_write_a_batch_once_when_it_is_written_again() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); PostgresLink link = link(pg)) {
            LedgerStore store = LedgerStore.onPostgres(link);
            List<KeyedRow> batch = List.of(KeyedRow.of(LedgerRow.of(request("r1"), false)),
                    KeyedRow.of(LedgerRow.of(request("r2"), false)));
            store.insert(batch);
            // As after a commit whose answer was lost: the batch waited on disk and is written again.
            LedgerBuffer buffer = LedgerBuffer.open(dir.resolve("again"), LedgerSettings.DEFAULT_BUFFER_LIMIT);
            assertTrue(buffer.append(batch));
            store.insert(buffer.oldest());
            assertEquals(List.of("r1", "r2"), requestIds(pg));
        }
    }

    @Test
    void should_drop_and_count_rows_past_the_buffer_bound_and_say_so_once() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             PostgresLink link = link(pg);
             LogCapture logs = LogCapture.of("dev.reprise.gateway.ledger")) {
            UsageLedger ledger = ledger(link, LedgerSettings.MIN_BUFFER_LIMIT, true);
            pg.stop();
            link.check();
            String prompt = "x".repeat(10_000); // about 10 KB a row: six fit in 64 KiB
            for (int i = 0; i < 10; i++) {
                ledger.settled(new SettledRequest("big-" + i, UsageLedgerTest.T0, "acme", "acme", "mock", "mock",
                        null, null, "mock-1", "mock", "mock-model", 1, null, SettledRequest.CacheFacts.NONE, 200, null,
                        Duration.ofMillis(5), null, SettledRequest.Tokens.NONE, 0, 0, false, prompt, null,
                        SettledRequest.Kind.CHAT));
                ledger.drain(); // one row a batch
            }
            LedgerBuffer onDisk = LedgerBuffer.open(dir.resolve("buffer"), LedgerSettings.MIN_BUFFER_LIMIT);
            assertTrue(onDisk.bytes() <= LedgerSettings.MIN_BUFFER_LIMIT, onDisk.bytes() + " bytes on disk");
            assertEquals(6, ledger.buffered());
            assertEquals(4, ledger.dropped());
            assertEquals(4.0, registry.get("reprise.ledger.dropped").tag("reason", "buffer_full").counter().count());
            assertEquals(1, logs.at(Level.WARNING, "is full").size(), logs.lines().toString());

            pg.restart();
            link.check();
            ledger.drain();
            assertEquals(List.of("big-0", "big-1", "big-2", "big-3", "big-4", "big-5"), requestIds(pg));
            ledger.close();
        }
    }

    @Test
    void should_write_rows_a_stopped_node_left_on_disk_at_its_next_start() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); PostgresLink link = link(pg)) {
            pg.stop();
            link.check();
            UsageLedger first = ledger(link, LedgerSettings.DEFAULT_BUFFER_LIMIT, false);
            first.settled(request("left-1"));
            first.settled(request("left-2"));
            first.close(); // writes what is queued: to disk, PostgreSQL being away

            pg.restart();
            link.check();
            UsageLedger next = ledger(link, LedgerSettings.DEFAULT_BUFFER_LIMIT, false);
            assertEquals(2, next.buffered());
            next.drain();
            assertEquals(List.of("left-1", "left-2"), requestIds(pg));
            next.close();
        }
    }

    /** The request ids in the order the rows were inserted. */
    private static List<String> requestIds(PostgresServer pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM requests ORDER BY id")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }
}
