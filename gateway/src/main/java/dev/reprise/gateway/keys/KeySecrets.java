package dev.reprise.gateway.keys;

import dev.reprise.models.catalogue.Secret;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Draws new key secrets and ids. A secret is {@code rk-} and 32 random bytes in base64url (256 bits: an unsalted
 * SHA-256 of it cannot be reversed by guessing); an id is {@code key_} and 12 random bytes in hex, plain enough for
 * logs, metrics and URLs, and telling nothing about the secret.
 */
public final class KeySecrets {

    /** What every generated secret starts with, so a leaked one is recognised by scanners and people. */
    public static final String SECRET_PREFIX = "rk-";
    public static final String ID_PREFIX = "key_";
    public static final int SECRET_BYTES = 32;
    static final int ID_BYTES = 12;

    private final SecureRandom random;

    public KeySecrets(SecureRandom random) {
        this.random = random;
    }

    public Secret newSecret() {
        return Secret.of(SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(SECRET_BYTES)));
    }

    public String newId() {
        return ID_PREFIX + HexFormat.of().formatHex(bytes(ID_BYTES));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
