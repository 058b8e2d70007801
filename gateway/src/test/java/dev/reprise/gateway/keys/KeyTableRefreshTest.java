package dev.reprise.gateway.keys;

import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.auth.SecretHash;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's refresh from a shared store, over a scripted store: an outage is logged once and keeps the keys last read,
 * the return is logged once with what it brought, and unknown secrets read the store at most once per gap.
 */
class KeyTableRefreshTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** A shared store whose changes the test queues, and which can be made unreachable. */
    private static final class ScriptedStore implements KeyStore {
        final List<VirtualKey> queued = new ArrayList<>();
        boolean down;
        int reads;

        @Override
        public List<VirtualKey> loadAll() {
            return changes();
        }

        @Override
        public List<VirtualKey> changes() {
            reads++;
            if (down) {
                throw new KeyStoreUnavailable("PostgreSQL at db:5432/reprise is unreachable", null);
            }
            List<VirtualKey> out = List.copyOf(queued);
            queued.clear();
            return out;
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public void insert(VirtualKey key) {
        }

        @Override
        public void update(VirtualKey key) {
        }

        @Override
        public void close() {
        }
    }

    private static VirtualKey key(String id, String secret) {
        return new VirtualKey(id, new KeySpec("k", "acme", KeyGrant.UNRESTRICTED, null, Map.of()), T0, null,
                SecretHash.of(secret), null, null);
    }

    private final TestClock clock = new TestClock(T0);
    private final ScriptedStore store = new ScriptedStore();
    private final VirtualKeys keys = VirtualKeys.load(store, clock, new KeySecrets(new SecureRandom()),
            Duration.ofHours(1));

    @Test
    void should_log_an_outage_once_keep_the_keys_last_read_and_log_the_return_once() {
        store.queued.add(key("key_a", "rk-a"));
        try (LogCapture logs = LogCapture.of("dev.reprise.gateway.keys")) {
            KeyTableRefresh refresh = KeyTableRefresh.start(keys, Duration.ofMinutes(10));
            refresh.run();
            store.down = true;
            refresh.run();
            refresh.run();
            assertTrue(keys.caller(SecretHash.of("rk-a"), T0).isPresent(), "the copy still authenticates");
            store.down = false;
            store.queued.add(key("key_a", "rk-a").revoked(T0));
            refresh.run();
            refresh.run();
            refresh.close();
            assertEquals(1, logs.at(Level.WARNING, "cannot refresh").size(), logs.lines().toString());
            assertTrue(logs.at(Level.WARNING, "cannot refresh").getFirst().contains("copy as of " + T0),
                    logs.lines().toString());
            assertEquals(List.of("virtual keys: the shared key table is read again (1 keys changed meanwhile)"),
                    logs.at(Level.INFO, "read again"));
            assertFalse(keys.caller(SecretHash.of("rk-a"), T0).isPresent(), "the revocation arrived");
        }
    }

    @Test
    void should_read_the_store_for_unknown_secrets_at_most_once_per_gap() {
        int before = store.reads;
        for (int i = 0; i < 50; i++) {
            assertFalse(keys.caller(SecretHash.of("rk-random-" + i), clock.instant()).isPresent());
        }
        assertEquals(before + 1, store.reads, "fifty unknown secrets, one read");

        store.queued.add(key("key_b", "rk-b"));
        assertFalse(keys.caller(SecretHash.of("rk-b"), clock.instant()).isPresent(), "within the gap: not read");
        clock.advance(VirtualKeys.MISS_REFRESH_GAP);
        assertTrue(keys.caller(SecretHash.of("rk-b"), clock.instant()).isPresent(), "past it: read at once");
        assertEquals(before + 2, store.reads);
    }
}
