package dev.reprise.gateway.auth;

import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.error.GatewayError;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. With gateway keys in the config or the key store, a
 * bearer token must match a valid one (else 401); in open mode anyone gets in, and a bearer token only separates
 * tenants: each distinct token gets its own tenant, named by a hash so the token never shows.
 */
public final class Authenticator {

    private static final String BEARER = "bearer ";
    /** Enough of the hash to keep tenants apart, short enough to read in a log line. */
    private static final int OPEN_TENANT_HASH_CHARS = 16;

    /** Keyed by the SHA-256 of the key, so the lookup never compares secrets character by character. */
    private final Map<String, Caller> callerByKeyHash = new HashMap<>();
    private final StoredKeys stored;
    private final Clock clock;

    /** The config's keys only. */
    public Authenticator(List<ApiKey> keys) {
        this(keys, StoredKeys.NONE, Clock.systemUTC());
    }

    /** The config's keys and the key store's, whose expiry and rotation grace are judged by {@code clock}. */
    public Authenticator(List<ApiKey> keys, StoredKeys stored, Clock clock) {
        for (ApiKey key : keys) {
            callerByKeyHash.put(SecretHash.of(key.key().reveal()), new Caller(key.tenant(), key.id(), key.grant()));
        }
        this.stored = stored;
        this.clock = clock;
    }

    /**
     * Each key's id and what it may do, the config's and the key store's (revoked and expired ones too), for views
     * of limits and budgets (never the secret).
     */
    public Map<String, KeyGrant> grantsByKeyId() {
        Map<String, KeyGrant> out = new TreeMap<>(stored.grantsByKeyId());
        callerByKeyHash.values().forEach(c -> out.put(c.keyId(), c.grant()));
        return out;
    }

    /**
     * True while neither the config nor the key store has ever held a key. Revoking the store's last key does not
     * reopen the gateway: whoever revoked it meant to shut a door, not to open it to everyone.
     */
    public boolean openMode() {
        return callerByKeyHash.isEmpty() && !stored.everHeld();
    }

    /**
     * The caller for the given {@code Authorization} header value.
     *
     * @throws dev.reprise.gateway.error.GatewayException 401 {@code invalid_api_key} when keys are
     *                                                    configured and the token is missing or wrong
     */
    public Caller authenticate(Optional<String> authorization) {
        Optional<String> token = authorization.flatMap(Authenticator::bearerToken);
        if (openMode()) {
            return token.map(t -> Caller.open("key-" + SecretHash.of(t).substring(0, OPEN_TENANT_HASH_CHARS)))
                    .orElse(Caller.ANONYMOUS);
        }
        if (token.isEmpty()) {
            throw GatewayError.missingApiKey().toException();
        }
        String hash = SecretHash.of(token.get());
        Caller caller = callerByKeyHash.get(hash);
        if (caller != null) {
            return caller;
        }
        return stored.caller(hash, clock.instant()).orElseThrow(() -> GatewayError.invalidApiKey().toException());
    }

    private static Optional<String> bearerToken(String header) {
        String h = header.strip();
        if (h.length() <= BEARER.length() || !h.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = h.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
