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
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The virtual keys in memory, as requests are authenticated against them, and the admin changes that write through
 * to the {@link KeyStore} first. Reads take an immutable snapshot (no lock, no database); the rare writes are
 * serialised and swap in a new snapshot before they return, so a revoked key is refused from the next request on.
 */
public final class VirtualKeys implements StoredKeys {

    private static final Logger LOG = Logger.getLogger(VirtualKeys.class.getName());

    private final KeyStore store;
    private final Clock clock;
    private final KeySecrets secrets;
    private final Duration defaultGrace;
    private volatile Snapshot snapshot;

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
            Map<String, VirtualKey> next = new LinkedHashMap<>(byId);
            next.put(key.id(), key);
            return of(next.values());
        }
    }

    private VirtualKeys(KeyStore store, Clock clock, KeySecrets secrets, Duration defaultGrace,
                        List<VirtualKey> keys) {
        this.store = store;
        this.clock = clock;
        this.secrets = secrets;
        this.defaultGrace = defaultGrace;
        this.snapshot = Snapshot.of(keys);
    }

    /**
     * Reads every key from {@code store} once.
     *
     * @param defaultGrace how long a rotated-out secret keeps working when a rotation does not say
     * @throws KeyStoreException when the store cannot be read
     */
    public static VirtualKeys load(KeyStore store, Clock clock, KeySecrets secrets, Duration defaultGrace) {
        return new VirtualKeys(store, clock, secrets, defaultGrace, store.loadAll());
    }

    @Override
    public Optional<Caller> caller(String secretHash, Instant now) {
        Match m = snapshot.byHash().get(secretHash);
        if (m == null || m.key().status(now) != VirtualKey.Status.ACTIVE || m.previous() && !m.key().inGrace(now)) {
            return Optional.empty();
        }
        return Optional.of(m.caller());
    }

    @Override
    public Map<String, KeyGrant> grantsByKeyId() {
        return snapshot.grants();
    }

    @Override
    public boolean everHeld() {
        return !snapshot.byId().isEmpty();
    }

    /** Every key, revoked ones included, oldest first. */
    public List<VirtualKey> all() {
        return List.copyOf(snapshot.byId().values());
    }

    public Optional<VirtualKey> find(String id) {
        return Optional.ofNullable(snapshot.byId().get(id));
    }

    public Duration defaultGrace() {
        return defaultGrace;
    }

    /** Creates a key with a new secret; a null tenant becomes the key's id. */
    public synchronized Issued create(KeySpec spec) {
        String id = secrets.newId();
        KeySpec resolved = spec.tenant() == null ? spec.withTenant(id) : spec;
        checkNameFree(resolved, id);
        Secret secret = secrets.newSecret();
        VirtualKey key = new VirtualKey(id, resolved, now(), null, SecretHash.of(secret.reveal()), null, null);
        store.insert(key);
        snapshot = snapshot.with(key);
        LOG.info("virtual key " + id + " created for tenant " + resolved.tenant());
        return new Issued(key, secret);
    }

    /** Applies {@code change} to a live key's spec; its tenant stays. */
    public synchronized VirtualKey update(String id, UnaryOperator<KeySpec> change) {
        VirtualKey current = live(id);
        KeySpec next = change.apply(current.spec()).withTenant(current.spec().tenant());
        checkNameFree(next, id);
        VirtualKey key = current.withSpec(next);
        store.update(key);
        snapshot = snapshot.with(key);
        LOG.info("virtual key " + id + " updated");
        return key;
    }

    /**
     * Gives a live key a new secret; the current one keeps working for {@code grace} (none: it stops at once). A
     * secret still in an earlier rotation's grace stops now: a key has at most two working secrets.
     */
    public synchronized Issued rotate(String id, Duration grace) {
        VirtualKey current = live(id);
        Secret secret = secrets.newSecret();
        Instant now = now();
        VirtualKey key = current.rotated(SecretHash.of(secret.reveal()), now, now.plus(grace));
        store.update(key);
        snapshot = snapshot.with(key);
        LOG.info("virtual key " + id + " rotated; the previous secret works until " + now.plus(grace));
        return new Issued(key, secret);
    }

    /** Revokes a key: refused from the next request on, for good. Revoking a revoked key changes nothing. */
    public synchronized VirtualKey revoke(String id) {
        VirtualKey current = find(id).orElseThrow(() -> unknown(id));
        if (current.revokedAt() != null) {
            return current;
        }
        VirtualKey key = current.revoked(now());
        store.update(key);
        snapshot = snapshot.with(key);
        LOG.info("virtual key " + id + " revoked");
        return key;
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
