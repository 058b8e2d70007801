package dev.reprise.cache;

import static dev.reprise.cache.EntryDocument.HIT_COUNT;
import static dev.reprise.cache.EntryDocument.ID;
import static dev.reprise.cache.EntryDocument.LAST_HIT_AT;
import static dev.reprise.cache.EntryDocument.LAST_USED_AT;
import static dev.reprise.cache.EntryDocument.NONE;

import java.util.Map;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Folds the hits pending in a {@link HitLedger} into the index's doc values, so they survive a restart.
 * Updating doc values rewrites three numbers per entry; the vector and stored fields stay as they are.
 */
final class HitFlush {

    private final IndexAccess access;
    private final HitLedger ledger;

    HitFlush(IndexAccess access, HitLedger ledger) {
        this.access = access;
        this.ledger = ledger;
    }

    void run() {
        if (ledger.isEmpty()) {
            return;
        }
        access.exclusive(() -> {
            Map<String, HitLedger.Pending> flushing = ledger.snapshot();
            access.readInside(searcher -> {
                var stored = searcher.storedFields();
                for (var hit : flushing.entrySet()) {
                    Term id = new Term(ID, hit.getKey());
                    ScoreDoc[] found = searcher.search(new TermQuery(id), 1).scoreDocs;
                    if (found.length == 0) {
                        continue; // deleted or evicted since the hit
                    }
                    CacheEntry indexed = EntryDocument.read(searcher, stored, found[0].doc, null);
                    long count = indexed.hitCount() + hit.getValue().count();
                    long lastHit = Math.max(
                            indexed.lastHitAt() == null ? NONE : indexed.lastHitAt().toEpochMilli(),
                            hit.getValue().lastHitMillis());
                    long lastUsed = Math.max(lastHit, indexed.createdAt().toEpochMilli());
                    access.write(() -> access.writer().updateDocValues(id,
                            new NumericDocValuesField(HIT_COUNT, count),
                            new NumericDocValuesField(LAST_HIT_AT, lastHit),
                            new NumericDocValuesField(LAST_USED_AT, lastUsed)));
                }
                return null;
            });
            // Make the new counts visible before dropping them from the ledger; readers are locked out meanwhile.
            access.refreshIfStale();
            ledger.subtract(flushing);
        });
    }
}
