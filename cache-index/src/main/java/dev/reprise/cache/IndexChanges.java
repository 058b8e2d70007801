package dev.reprise.cache;

/**
 * What an {@link ObservedIndex} reports after each change made through it, so a listener can follow the index
 * (the gateway sends them to its other nodes). Called on the writing thread after the change is made: a listener
 * must be quick and must not throw.
 */
public interface IndexChanges {

    /** Reports nothing. */
    IndexChanges NONE = new IndexChanges() {
        @Override
        public void stored(CacheEntry entry) {
        }

        @Override
        public void deleted(String id) {
        }

        @Override
        public void deletedWhere(String modelAlias, String tenant) {
        }
    };

    /** {@code entry} was stored, new or replacing the entry with its id. */
    void stored(CacheEntry entry);

    /** The entry with this id was deleted (reported whether or not the index held it). */
    void deleted(String id);

    /** Entries matching both filters were deleted (null matches anything). */
    void deletedWhere(String modelAlias, String tenant);
}
