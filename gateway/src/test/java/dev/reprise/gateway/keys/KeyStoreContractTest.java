package dev.reprise.gateway.keys;

import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.budget.Budget;
import dev.reprise.gateway.budget.BudgetPeriod;
import dev.reprise.gateway.limits.RateLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What every {@link KeyStore} must do; each implementation extends this with how to open a fresh and a reopened one. */
abstract class KeyStoreContractTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123Z");

    private KeyStore store;

    /** A store over empty storage. */
    abstract KeyStore openFresh();

    /** The same storage, opened again (a restart). */
    abstract KeyStore reopen();

    @BeforeEach
    void open() {
        store = openFresh();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static VirtualKey full(String id, String hash) {
        KeySpec spec = new KeySpec("support bot", "acme",
                new KeyGrant(Set.of("mock", "other"), new RateLimits(60, 100_000),
                        new Budget(5, BudgetPeriod.DAY, 0.5)),
                T0.plusSeconds(3600), Map.of("team", "support", "cost-centre", "42"));
        return new VirtualKey(id, spec, T0, null, hash, "prev-" + hash, T0.plusSeconds(600));
    }

    static VirtualKey bare(String id, String hash) {
        return new VirtualKey(id, new KeySpec("bare", id, KeyGrant.UNRESTRICTED, null, Map.of()), T0.plusSeconds(1),
                null, hash, null, null);
    }

    @Test
    void should_give_back_every_field_after_a_restart() {
        VirtualKey full = full("key_a", "hash-a");
        VirtualKey bare = bare("key_b", "hash-b");
        store.insert(full);
        store.insert(bare);
        store.close();
        store = reopen();
        assertEquals(List.of(full, bare), store.loadAll());
    }

    @Test
    void should_replace_a_key_on_update() {
        VirtualKey key = full("key_a", "hash-a");
        store.insert(key);
        VirtualKey changed = key.withSpec(key.spec().withName("renamed").withGrant(KeyGrant.UNRESTRICTED)
                .withExpiresAt(null).withMetadata(Map.of())).revoked(T0.plusSeconds(5));
        store.update(changed);
        assertEquals(List.of(changed), store.loadAll());
    }

    @Test
    void should_refuse_a_second_key_with_the_same_id_or_secret_and_an_update_of_no_key() {
        store.insert(bare("key_a", "hash-a"));
        assertThrows(KeyStoreException.class, () -> store.insert(bare("key_a", "hash-other")));
        assertThrows(KeyStoreException.class, () -> store.insert(bare("key_b", "hash-a")));
        assertThrows(KeyStoreException.class, () -> store.update(bare("key_c", "hash-c")));
        assertEquals(1, store.loadAll().size());
    }
}
