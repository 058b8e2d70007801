package dev.reprise.gateway.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway keys kept outside the config file (the key store behind {@code /admin/keys}), as the
 * {@link Authenticator} reads them on every request: from memory, never from the database.
 */
public interface StoredKeys {

    /** No key store: only the config's keys count. */
    StoredKeys NONE = new StoredKeys() {
        @Override
        public Optional<Caller> caller(String secretHash, Instant now) {
            return Optional.empty();
        }

        @Override
        public Map<String, KeyGrant> grantsByKeyId() {
            return Map.of();
        }

        @Override
        public boolean everHeld() {
            return false;
        }
    };

    /**
     * The caller whose secret hashes to {@code secretHash}, if that secret is valid at {@code now}: its key is
     * neither revoked nor expired, and a rotated-out secret is still within its grace period.
     */
    Optional<Caller> caller(String secretHash, Instant now);

    /** Each stored key's id and what it may do (revoked and expired keys included), never a secret. */
    Map<String, KeyGrant> grantsByKeyId();

    /** Whether the store has ever held a key, revoked ones included: once it has, the gateway is never open. */
    boolean everHeld();
}
