package dev.reprise.gateway.admin;

import dev.reprise.cache.PrivateFolder;
import dev.reprise.gateway.config.AdminConfig;
import dev.reprise.models.catalogue.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin key from {@code admin.key-file} when no key is configured: read from the file, or on first start a
 * random key written to it, readable by its owner only. The key itself is never logged; the file's path is.
 */
public final class AdminKeyFile {

    /** Bytes of randomness in a generated key: 256 bits. */
    private static final int KEY_BYTES = 32;
    private static final String PREFIX = "rk-admin-";

    private AdminKeyFile() {
    }

    /** What a start made of the file: the key, and whether it was just created. */
    public record Resolved(AdminConfig admin, boolean created) {
    }

    /** The config with its key filled from the file; unchanged when a key is set or no file is named. */
    public static Resolved resolve(AdminConfig admin) throws IOException {
        if (admin.enabled() || admin.keyFile() == null) {
            return new Resolved(admin, false);
        }
        Path file = admin.keyFile().toAbsolutePath();
        boolean created = false;
        if (!Files.exists(file)) {
            PrivateFolder.prepare(file.getParent());
            try {
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))), generate() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.WRITE);
                created = true;
            } catch (FileAlreadyExistsException e) {
                // Another start created it first: read theirs.
            }
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) {
            throw new IOException("the admin key file " + file + " is empty");
        }
        return new Resolved(admin.withKey(Secret.of(key)), created);
    }

    private static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
