package dev.reprise.gateway.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A ledger row as it is written: its own key (given once, kept if the row waits on disk and is written again) and
 * its column values in {@link LedgerStore#INSERT}'s order, the key first.
 */
record KeyedRow(List<Object> values) {

    KeyedRow {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    static KeyedRow of(LedgerRow row) {
        List<Object> v = new ArrayList<>(44);
        v.add(UUID.randomUUID().toString());
        v.addAll(Arrays.asList(LedgerStore.values(row)));
        return new KeyedRow(v);
    }
}
