package dev.reprise.gateway.ledger;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A ledger row as it is written: its own key (given once, kept if the row waits on disk and is written again) and
 * its column values in {@link LedgerStore#INSERT}'s order, the key first.
 */
record KeyedRow(List<Object> values) {

    private static final SecureRandom RANDOM = new SecureRandom();

    KeyedRow {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    static KeyedRow of(LedgerRow row) {
        List<Object> v = new ArrayList<>(44);
        v.add(key(row.atMillis()));
        v.addAll(Arrays.asList(LedgerStore.values(row)));
        return new KeyedRow(v);
    }

    /**
     * A version 7 UUID (RFC 9562): 48 bits of {@code atMillis}, then 74 random bits. Keys in time order are appended
     * to the table's unique index on them; random ones (version 4, before) land anywhere in it, and the writer slowed
     * to a fifth as the table grew (bench/README.md, "Memory and tail latency"). Unique as a random UUID is: two keys
     * collide only with the same millisecond and the same 74 random bits, drawn from a {@link SecureRandom} as
     * {@code UUID.randomUUID()} draws them (a duplicate key would drop a row, on any node of a cluster).
     */
    static String key(long atMillis) {
        long high = (atMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | (RANDOM.nextLong() & 0x0FFF);
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
