package dev.reprise.gateway.cluster;

import dev.reprise.cache.CacheEntry;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a node's cache as the replication stream carries it: an entry stored, an entry deleted (by an admin
 * or as a wrong answer), or a purge by model and tenant.
 */
sealed interface CacheChange {

    /** An entry stored, new or replacing the one with its id. */
    record Put(CacheEntry entry) implements CacheChange {
        public Put {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** The entry with this id deleted. */
    record Delete(String id) implements CacheChange {
        public Delete {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Entries of this model alias and tenant deleted; null matches any, both null is everything. */
    record Purge(String modelAlias, String tenant) implements CacheChange {
    }

    /**
     * A change with where and when it was made.
     *
     * @param origin the id of the node that made it (a process, not a host: a restarted node has a new one)
     * @param sentAt when the node handed it to the stream, by its clock: the start of the replication lag
     */
    record Sent(String origin, Instant sentAt, CacheChange change) {
        public Sent {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(change, "change");
        }
    }
}
