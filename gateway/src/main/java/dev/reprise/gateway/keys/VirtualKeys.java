package dev.reprise.gateway.keys;

import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.auth.KeyGrant;
import dev.reprise.gateway.auth.SecretHash;
import dev.reprise.gateway.auth.StoredKeys;
import dev.reprise.gateway.error.ClientValue;
import dev.reprise.models.catalogue.Secret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The virtual keys in memory, as requests are authenticated against them, and the admin changes that write through
 * to the {@link KeyStore} first. Reads take an immutable snapshot (no lock, no database); the rare writes are
 * serialised and swap in a new snapshot before they return, so a revoked key is refused from the next request on.
 * A {@linkplain KeyStore#shared shared} store is also written by other gateways: {@link #refresh} reads their changes
 * (every {@code key-store.refresh-interval}, see {@link KeyTableRefresh}), each admin change refreshes first, and a
 * secret found in no key may refresh at once, at most every {@link #MISS_REFRESH_GAP}.
 */
public final class VirtualKeys implements StoredKeys {

    private static final Logger LOG = Logger.getLogger(VirtualKeys.class.getName());
    /**
     * How often at most an unknown secret makes this node read the shared store's changes on the request's path: a
     * key created on another node works here at once, and random keys sent by anyone cost at most ten small reads a
     * second.
     */
    public static final Duration MISS_REFRESH_GAP = Duration.ofMillis(100);

    private final KeyStore store;
    private final Clock clock;
    private final KeySecrets secrets;
    private final Duration defaultGrace;
    /** Serialises the admin changes and the refreshes; a request's refresh only tries it, never waits. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot;
    /** False while a shared store could not be read at start: nothing is known, so nothing is open. */
    private volatile boolean loaded;
    /** When the keys in memory last matched the store. */
    private volatile Instant refreshedAt;
    private final AtomicReference<Instant> nextMissRefresh = new AtomicReference<>(Instant.MIN);

    /** A key with the secret that was just drawn for it: the only time the secret exists outside a client. */
    public record Issued(VirtualKey key, Secret secret) {
    }

    /** A secret's hash leads to its key, and says whether it is the key's rotated-out secret. */
    private record Match(VirtualKey key, Caller caller, boolean previous) {
    }

    private record Snapshot(Map<String, VirtualKey> byId, Map<String, Match> byHash, Map<String, KeyGrant> grants) {

        static Snapshot of(Collection<VirtualKey> keys) {
            Map<String, VirtualKey> byId = new LinkedHashMap<>();
            Map<String, Match> byHash = new HashMap<>();
            Map<String, KeyGrant> grants = new TreeMap<>();
            for (VirtualKey k : keys) {
                byId.put(k.id(), k);
                Caller caller = new Caller(k.spec().tenant(), k.id(), k.spec().grant());
                byHash.put(k.secretHash(), new Match(k, caller, false));
                if (k.previousHash() != null) {
                    byHash.put(k.previousHash(), new Match(k, caller, true));
                }
                grants.put(k.id(), k.spec().grant());
            }
            return new Snapshot(byId, byHash, grants);
        }

        Snapshot with(VirtualKey key) {
            return withAll(List.of(key));
        }

        Snapshot withAll(Collection<VirtualKey> keys) {
            Map<String, VirtualKey> next = new LinkedHashMap<>(byId);
            keys.forEach(k -> next.put(k.id(), k));
            return of(next.values());
        }
    }

    private VirtualKeys(KeyStore store, Clock clock, KeySecrets secrets, Duration defaultGrace,
                        List<VirtualKey> keys) {
        this.store = store;
        this.clock = clock;
        this.secrets = secrets;
        this.defaultGrace = defaultGrace;
        this.snapshot = Snapshot.of(keys == null ? List.of() : keys);
        this.loaded = keys != null;
        this.refreshedAt = keys == null ? null : clock.instant();
    }

    /**
     * Reads every key from {@code store}. A shared store that cannot be reached now is read at the first
     * {@link #refresh} that reaches it; until then no stored key works and the gateway is not open.
     *
     * @param defaultGrace how long a rotated-out secret keeps working when a rotation does not say
     * @throws KeyStoreException when the store cannot be read
     */
    public static VirtualKeys load(KeyStore store, Clock clock, KeySecrets secrets, Duration defaultGrace) {
        List<VirtualKey> keys;
        try {
            keys = store.loadAll();
        } catch (KeyStoreUnavailable e) {
            LOG.warning("virtual keys: the shared key table cannot be read (" + e.getMessage() + "): no stored key "
                    + "works until it can, and /admin/keys changes answer 503");
            keys = null;
        }
        return new VirtualKeys(store, clock, secrets, defaultGrace, keys);
    }

    /**
     * Reads the changes other gateways made to a shared store (everything, if it was never read) into memory.
     *
     * @return how many keys changed
     * @throws KeyStoreUnavailable when the shared store cannot be reached: the keys in memory stay as they were
     */
    public int refresh() {
        lock.lock();
        try {
            return refreshLocked();
        } finally {
            lock.unlock();
        }
    }

    private int refreshLocked() {
        if (!loaded) {
            List<VirtualKey> keys = store.loadAll();
            snapshot = Snapshot.of(keys);
            loaded = true;
            refreshedAt = clock.instant();
            LOG.info("virtual keys: " + keys.size() + " read from the shared key table");
            return keys.size();
        }
        List<VirtualKey> changed = store.changes();
        if (!changed.isEmpty()) {
            snapshot = snapshot.withAll(changed);
        }
        refreshedAt = clock.instant();
        return changed.size();
    }

    /** When the keys in memory last matched the store, or null if a shared store was never read. */
    public Instant refreshedAt() {
        return refreshedAt;
    }

    /** Whether other gateways write the same store, so {@link #refresh} has something to read. */
    public boolean shared() {
        return store.shared();
    }

    @Override
    public Optional<Caller> caller(String secretHash, Instant now) {
        Match m = snapshot.byHash().get(secretHash);
        if (m == null && store.shared() && missRefreshDue(now)) {
            m = refreshedMatch(secretHash);
        }
        if (m == null || m.key().status(now) != VirtualKey.Status.ACTIVE || m.previous() && !m.key().inGrace(now)) {
            return Optional.empty();
        }
        return Optional.of(m.caller());
    }

    @Override
    public Map<String, KeyGrant> grantsByKeyId() {
        return snapshot.grants();
    }

    /** One refresh per {@link #MISS_REFRESH_GAP} at most, whichever request's miss comes first. */
    private boolean missRefreshDue(Instant now) {
        Instant next = nextMissRefresh.get();
        return !now.isBefore(next) && nextMissRefresh.compareAndSet(next, now.plus(MISS_REFRESH_GAP));
    }

    /** Refreshes unless a change or a refresh is under way (the request does not wait for it). */
    private Match refreshedMatch(String secretHash) {
        if (lock.tryLock()) {
            try {
                refreshLocked();
            } catch (KeyStoreUnavailable | KeyStoreException e) {
                // The background refresh says so once; a request only misses.
            } finally {
                lock.unlock();
            }
        }
        return snapshot.byHash().get(secretHash);
    }

    /** A shared store never read yet may hold keys: the gateway stays closed until it knows. */
    @Override
    public boolean everHeld() {
        return !loaded || !snapshot.byId().isEmpty();
    }

    /**
     * Every key, revoked ones included, oldest first.
     *
     * @throws KeyStoreUnavailable while a shared store was never read
     */
    public List<VirtualKey> all() {
        return List.copyOf(known().byId().values());
    }

    /** @throws KeyStoreUnavailable while a shared store was never read */
    public Optional<VirtualKey> find(String id) {
        return Optional.ofNullable(known().byId().get(id));
    }

    private Snapshot known() {
        if (!loaded) {
            throw new KeyStoreUnavailable("the shared key table has not been read yet", null);
        }
        return snapshot;
    }

    public Duration defaultGrace() {
        return defaultGrace;
    }

    /** Creates a key with a new secret; a null tenant becomes the key's id. */
    public Issued create(KeySpec spec) {
        return changing(() -> {
            String id = secrets.newId();
            KeySpec resolved = spec.tenant() == null ? spec.withTenant(id) : spec;
            checkNameFree(resolved, id);
            Secret secret = secrets.newSecret();
            VirtualKey key = new VirtualKey(id, resolved, now(), null, SecretHash.of(secret.reveal()), null, null);
            store.insert(key);
            snapshot = snapshot.with(key);
            LOG.info("virtual key " + id + " created for tenant " + resolved.tenant());
            return new Issued(key, secret);
        });
    }

    /** Applies {@code change} to a live key's spec; its tenant stays. */
    public VirtualKey update(String id, UnaryOperator<KeySpec> change) {
        return changing(() -> {
            VirtualKey current = live(id);
            KeySpec next = change.apply(current.spec()).withTenant(current.spec().tenant());
            checkNameFree(next, id);
            VirtualKey key = current.withSpec(next);
            store.update(key);
            snapshot = snapshot.with(key);
            LOG.info("virtual key " + id + " updated");
            return key;
        });
    }

    /**
     * Gives a live key a new secret; the current one keeps working for {@code grace} (none: it stops at once). A
     * secret still in an earlier rotation's grace stops now: a key has at most two working secrets.
     */
    public Issued rotate(String id, Duration grace) {
        return changing(() -> {
            VirtualKey current = live(id);
            Secret secret = secrets.newSecret();
            Instant now = now();
            VirtualKey key = current.rotated(SecretHash.of(secret.reveal()), now, now.plus(grace));
            store.update(key);
            snapshot = snapshot.with(key);
            LOG.info("virtual key " + id + " rotated; the previous secret works until " + now.plus(grace));
            return new Issued(key, secret);
        });
    }

    /** Revokes a key: refused from the next request on, for good. Revoking a revoked key changes nothing. */
    public VirtualKey revoke(String id) {
        return changing(() -> {
            VirtualKey current = find(id).orElseThrow(() -> unknown(id));
            if (current.revokedAt() != null) {
                return current;
            }
            VirtualKey key = current.revoked(now());
            store.update(key);
            snapshot = snapshot.with(key);
            LOG.info("virtual key " + id + " revoked");
            return key;
        });
    }

    /**
     * One admin change, after reading what other gateways changed, so it is judged on the store as it is now.
     *
     * @throws KeyStoreUnavailable when a shared store cannot be reached: nothing is changed anywhere
     */
    private <T> T changing(Supplier<T> change) {
        lock.lock();
        try {
            refreshLocked();
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    /** The clock's instant to the millisecond, as the store keeps it, so a key reads the same after a restart. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private VirtualKey live(String id) {
        VirtualKey key = find(id).orElseThrow(() -> unknown(id));
        if (key.revokedAt() != null) {
            throw new KeyRefused(KeyRefused.Reason.REVOKED, "The key " + id + " is revoked and cannot be changed.");
        }
        return key;
    }

    private void checkNameFree(KeySpec spec, String id) {
        for (VirtualKey other : snapshot.byId().values()) {
            if (!other.id().equals(id) && other.revokedAt() == null && other.spec().tenant().equals(spec.tenant())
                    && other.spec().name().equals(spec.name())) {
                throw new KeyRefused(KeyRefused.Reason.NAME_TAKEN, "The tenant " + spec.tenant()
                        + " already has a key named '" + spec.name() + "' (" + other.id() + ").");
            }
        }
    }

    private static KeyRefused unknown(String id) {
        return new KeyRefused(KeyRefused.Reason.UNKNOWN_ID, "No key with id " + ClientValue.quote(id) + ".");
    }
}
