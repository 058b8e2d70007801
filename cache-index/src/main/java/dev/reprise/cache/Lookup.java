package dev.reprise.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of an exact-tier lookup: a hit carries the entry, a miss carries nothing.
 *
 * @param decision HIT or MISS
 * @param entry    the entry to serve, null on a miss
 */
public record Lookup(Decision decision, CacheEntry entry) {

    public Lookup {
        Objects.requireNonNull(decision, "decision");
        if ((decision == Decision.HIT) != (entry != null)) {
            throw new IllegalArgumentException("entry must be present exactly on a HIT, got " + decision + " with "
                    + (entry == null ? "no entry" : "entry " + entry.id()));
        }
    }

    public static Lookup hit(CacheEntry entry) {
        return new Lookup(Decision.HIT, Objects.requireNonNull(entry, "entry"));
    }

    public static Lookup miss() {
        return new Lookup(Decision.MISS, null);
    }

    public boolean isHit() {
        return decision == Decision.HIT;
    }

    public Optional<CacheEntry> hitEntry() {
        return Optional.ofNullable(entry);
    }

    /** Whether a lookup may serve the cached answer. */
    public enum Decision { HIT, MISS }
}
