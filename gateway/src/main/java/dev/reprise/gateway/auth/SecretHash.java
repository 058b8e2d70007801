package dev.reprise.gateway.auth;

import dev.reprise.gateway.Sha256;
import java.util.HexFormat;

/**
 * The SHA-256 of a key's secret, in hex: what the gateway keeps and looks keys up by, so a secret is never stored
 * nor compared character by character. A secret has at least 256 bits of entropy, so an unsalted hash is enough.
 */
public final class SecretHash {

    private SecretHash() {
    }

    public static String of(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret));
    }
}
