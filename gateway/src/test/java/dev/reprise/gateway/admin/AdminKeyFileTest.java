package dev.reprise.gateway.admin;

import dev.reprise.gateway.GatewayFixture;
import dev.reprise.gateway.LogCapture;
import dev.reprise.gateway.config.AdminConfig;
import dev.reprise.models.catalogue.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code admin.key-file}: a random key made once, owner-only, read on later starts; a configured key wins. */
class AdminKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void should_create_an_owner_only_random_key_once_and_read_it_after() throws IOException {
        Path file = dir.resolve("data").resolve("admin.key");
        AdminKeyFile.Resolved first = AdminKeyFile.resolve(new AdminConfig(Secret.none(), file));
        assertTrue(first.created());
        assertTrue(first.admin().enabled());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).strip().startsWith("rk-admin-"));
        assertTrue(Files.readString(file).strip().length() > 40, "256 random bits");
        AdminKeyFile.Resolved again = AdminKeyFile.resolve(new AdminConfig(Secret.none(), file));
        assertFalse(again.created());
        assertEquals(first.admin().key().reveal(), again.admin().key().reveal());
        AdminConfig other = AdminKeyFile.resolve(new AdminConfig(Secret.none(), dir.resolve("other.key"))).admin();
        assertFalse(other.key().reveal().equals(first.admin().key().reveal()), "each file its own random key");
    }

    @Test
    void should_name_the_file_in_the_log_and_never_the_key() throws IOException {
        Path file = dir.resolve("data").resolve("admin.key");
        String everything;
        try (LogCapture log = LogCapture.of("dev.reprise");
             GatewayFixture fx = GatewayFixture.start("admin:\n  key-file: " + file + "\n" + GatewayFixture.MOCK_ONLY)) {
            String key = Files.readString(file).strip();
            assertEquals(200, fx.get("/admin/deployments", "Authorization", "Bearer " + key).statusCode());
            everything = log.everything();
            assertFalse(everything.contains(key), "the admin key in the log:\n" + everything);
            assertFalse(everything.contains(key.substring(key.length() - 12)), "a piece of it:\n" + everything);
        }
        assertTrue(everything.contains("a new admin key was written to " + file), everything);
    }

    @Test
    void should_keep_a_configured_key_and_touch_no_file() throws IOException {
        AdminConfig configured = new AdminConfig(Secret.of("adm-1"), dir.resolve("admin.key"));
        assertSame(configured, AdminKeyFile.resolve(configured).admin());
        assertFalse(Files.exists(dir.resolve("admin.key")));
    }

    @Test
    void should_open_the_admin_api_with_the_key_from_the_file() throws IOException {
        Path file = dir.resolve("admin.key");
        try (GatewayFixture fx = GatewayFixture.start(GatewayFixture.MOCK_ONLY + "admin:\n  key-file: " + file + "\n")) {
            String key = Files.readString(file).strip();
            assertEquals(200, fx.get("/admin/deployments", "Authorization", "Bearer " + key).statusCode());
            assertEquals(401, fx.get("/admin/deployments", "Authorization", "Bearer wrong").statusCode());
        }
    }
}
