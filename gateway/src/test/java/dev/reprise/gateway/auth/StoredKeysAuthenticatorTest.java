package dev.reprise.gateway.auth;

import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.keys.KeySecrets;
import dev.reprise.gateway.keys.KeySpec;
import dev.reprise.gateway.keys.SqliteKeyStore;
import dev.reprise.gateway.keys.VirtualKeys;
import dev.reprise.gateway.limits.RateLimits;
import dev.reprise.models.catalogue.Secret;
import dev.reprise.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authenticator over the config's keys and a real key store together. */
class StoredKeysAuthenticatorTest {

    @TempDir
    Path dir;

    @Test
    void should_list_the_grants_of_config_and_stored_keys_and_authenticate_both() {
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (SqliteKeyStore store = SqliteKeyStore.open(dir.resolve("keys.db"))) {
            VirtualKeys keys = VirtualKeys.load(store, clock, new KeySecrets(new SecureRandom()), Duration.ofHours(1));
            ApiKey config = new ApiKey("ops", Secret.of("rk-ops"), "acme",
                    new KeyGrant(Set.of("mock"), RateLimits.NONE, null));
            Authenticator auth = new Authenticator(List.of(config), keys, clock);
            KeyGrant grant = new KeyGrant(Set.of(), new RateLimits(60, 0), null);
            VirtualKeys.Issued issued = keys.create(new KeySpec("app", "globex", grant, null, Map.of()));

            Map<String, KeyGrant> grants = auth.grantsByKeyId();
            assertEquals(Set.of("ops", issued.key().id()), grants.keySet());
            assertEquals(grant, grants.get(issued.key().id()));
            Caller caller = auth.authenticate(Optional.of("Bearer " + issued.secret().reveal()));
            assertEquals(new Caller("globex", issued.key().id(), grant), caller);
            assertEquals("ops", auth.authenticate(Optional.of("Bearer rk-ops")).keyId());

            keys.revoke(issued.key().id());
            assertThrows(GatewayException.class,
                    () -> auth.authenticate(Optional.of("Bearer " + issued.secret().reveal())));
            assertTrue(auth.grantsByKeyId().containsKey(issued.key().id()), "a revoked key's spend still shows");
            assertFalse(auth.openMode());
        }
    }
}
