package dev.reprise.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a key's secret, in hex: what the gateway keeps and looks keys up by, so a secret is never stored
 * nor compared character by character. A secret has at least 256 bits of entropy, so an unsalted hash is enough.
 */
public final class SecretHash {

    private SecretHash() {
    }

    public static String of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
