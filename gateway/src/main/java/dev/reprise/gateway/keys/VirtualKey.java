package dev.reprise.gateway.keys;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A gateway key managed through {@code /admin/keys}, as stored: its plain id, what it is ({@link KeySpec}), the
 * SHA-256 of its secret (never the secret), and its lifecycle. During a rotation's grace the previous secret's
 * hash is kept with the instant it stops working.
 *
 * @param previousHash       the rotated-out secret's hash, or null
 * @param previousValidUntil when the rotated-out secret stops working, or null
 */
public record VirtualKey(String id, KeySpec spec, Instant createdAt, Instant revokedAt, String secretHash,
                         String previousHash, Instant previousValidUntil) {

    /** What a key is at an instant, as the admin API shows it. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public VirtualKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.tenant(), "tenant");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(secretHash, "secretHash");
        if ((previousHash == null) != (previousValidUntil == null)) {
            throw new IllegalArgumentException("a previous secret needs its end of grace, and only then");
        }
    }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (spec.expiresAt() != null && !now.isBefore(spec.expiresAt())) {
            return Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    /** Whether the rotated-out secret still works at {@code now} (the key itself being active). */
    public boolean inGrace(Instant now) {
        return previousValidUntil != null && now.isBefore(previousValidUntil);
    }

    public VirtualKey withSpec(KeySpec value) {
        return new VirtualKey(id, value, createdAt, revokedAt, secretHash, previousHash, previousValidUntil);
    }

    public VirtualKey revoked(Instant at) {
        return new VirtualKey(id, spec, createdAt, at, secretHash, previousHash, previousValidUntil);
    }

    /** This key with a new secret; the current one keeps working until {@code graceEnd} (now or earlier: not at all). */
    public VirtualKey rotated(String newHash, Instant now, Instant graceEnd) {
        boolean grace = graceEnd.isAfter(now);
        return new VirtualKey(id, spec, createdAt, revokedAt, newHash, grace ? secretHash : null,
                grace ? graceEnd : null);
    }
}
