package dev.reprise.gateway.auth;

import dev.reprise.gateway.config.ApiKey;
import dev.reprise.gateway.error.GatewayError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. With gateway keys configured, a bearer
 * token must match one of them (else 401); in open mode anyone gets in, and a bearer token only
 * separates tenants: each distinct token gets its own tenant, named by a hash so the token never shows.
 */
public final class Authenticator {

    private static final String BEARER = "bearer ";
    /** Enough of the hash to keep tenants apart, short enough to read in a log line. */
    private static final int OPEN_TENANT_HASH_CHARS = 16;

    /** Keyed by the SHA-256 of the key, so the lookup never compares secrets character by character. */
    private final Map<String, Caller> callerByKeyHash = new HashMap<>();

    public Authenticator(List<ApiKey> keys) {
        for (ApiKey key : keys) {
            callerByKeyHash.put(sha256(key.key().reveal()), new Caller(key.tenant(), key.id(), key.grant()));
        }
    }

    /** Each configured key's id and what it may do, for views of limits and budgets (never the secret). */
    public Map<String, KeyGrant> grantsByKeyId() {
        Map<String, KeyGrant> out = new TreeMap<>();
        callerByKeyHash.values().forEach(c -> out.put(c.keyId(), c.grant()));
        return out;
    }

    public boolean openMode() {
        return callerByKeyHash.isEmpty();
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
            return token.map(t -> Caller.open("key-" + sha256(t).substring(0, OPEN_TENANT_HASH_CHARS)))
                    .orElse(Caller.ANONYMOUS);
        }
        if (token.isEmpty()) {
            throw GatewayError.missingApiKey().toException();
        }
        Caller caller = callerByKeyHash.get(sha256(token.get()));
        if (caller == null) {
            throw GatewayError.invalidApiKey().toException();
        }
        return caller;
    }

    private static Optional<String> bearerToken(String header) {
        String h = header.strip();
        if (h.length() <= BEARER.length() || !h.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = h.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
