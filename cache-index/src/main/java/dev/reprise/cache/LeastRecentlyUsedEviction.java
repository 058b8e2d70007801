package dev.reprise.cache;

import static dev.reprise.cache.EntryDocument.ID;
import static dev.reprise.cache.EntryDocument.LAST_USED_AT;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * Keeps the index at most {@code maxEntries} by deleting the entries used longest ago
 * (last hit, or creation if never hit), pending hits included.
 */
final class LeastRecentlyUsedEviction {

    private static final Sort OLDEST_USE_FIRST = new Sort(new SortField(LAST_USED_AT, SortField.Type.LONG));

    private final IndexAccess access;
    private final HitLedger ledger;
    private final int maxEntries;

    LeastRecentlyUsedEviction(IndexAccess access, HitLedger ledger, int maxEntries) {
        this.access = access;
        this.ledger = ledger;
        this.maxEntries = maxEntries;
    }

    /** Evicts down to the limit; returns how many entries were evicted. */
    synchronized int evictIfOverLimit() {
        // Buffered deletes are not subtracted from numDocs, so this is a cheap "certainly not over" test.
        if (access.writer().getDocStats().numDocs <= maxEntries) {
            return 0;
        }
        List<Term> victims = access.read(searcher -> {
            int excess = searcher.getIndexReader().numDocs() - maxEntries;
            if (excess <= 0) {
                return List.<Term>of();
            }
            // Pending hits only make entries younger, so the true oldest are among this many by indexed age.
            int window = excess + ledger.size();
            ScoreDoc[] oldest = searcher.search(MatchAllDocsQuery.INSTANCE, window, OLDEST_USE_FIRST).scoreDocs;
            var stored = searcher.storedFields();
            List<CacheEntry> candidates = new ArrayList<>(oldest.length);
            for (ScoreDoc doc : oldest) {
                candidates.add(EntryDocument.read(searcher, stored, doc.doc, ledger));
            }
            return candidates.stream()
                    .sorted(Comparator.comparing(CacheEntry::lastUsedAt))
                    .limit(excess)
                    .map(e -> new Term(ID, e.id()))
                    .toList();
        });
        if (!victims.isEmpty()) {
            access.write(() -> access.writer().deleteDocuments(victims.toArray(Term[]::new)));
            victims.forEach(term -> {
                ledger.forget(term.text());
                access.recent().forget(term.text());
            });
            access.refreshNow();
        }
        return victims.size();
    }
}
