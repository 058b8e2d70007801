package dev.reprise.cache;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene schema of a {@link CacheEntry}: how an entry becomes a document and how a hit becomes an entry again.
 * Keys are indexed {@link StringField}s, times and hit counters are numeric doc values (so hits can be updated
 * without reindexing the vector), and the vector is read back from the HNSW field instead of being stored twice.
 */
final class EntryDocument {

    static final String ID = "id";
    static final String NAMESPACE = "namespace";
    static final String EXACT_KEY = "exactKey";
    static final String TENANT = "tenant";
    static final String MODEL_ALIAS = "modelAlias";
    static final String VECTOR = "vector";
    static final String CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";
    /** A point twin of {@link #EXPIRES_AT} for range filters; doc values alone would need a slow scan. */
    static final String EXPIRES_AT_POINT = "expiresAtPoint";
    static final String HIT_COUNT = "hitCount";
    static final String LAST_HIT_AT = "lastHitAt";
    /** lastHitAt, or createdAt if never hit: the eviction order, kept as one sortable field. */
    static final String LAST_USED_AT = "lastUsedAt";
    private static final String MATCHED_TEXT = "matchedText";
    private static final String PAYLOAD = "payload";
    private static final String PROMPT_TOKENS = "promptTokens";
    private static final String COMPLETION_TOKENS = "completionTokens";
    private static final String COST_USD = "costUsd";

    /** Sentinel for "never expires", so a single range query finds live entries. */
    static final long NEVER = Long.MAX_VALUE;
    /** Sentinel for "never hit". */
    static final long NONE = Long.MIN_VALUE;

    private EntryDocument() {
    }

    static Document toDocument(CacheEntry entry) {
        Document doc = new Document();
        doc.add(new StringField(ID, entry.id(), Field.Store.YES));
        doc.add(new StringField(NAMESPACE, entry.namespace(), Field.Store.YES));
        doc.add(new StringField(EXACT_KEY, entry.exactKey(), Field.Store.YES));
        doc.add(new StringField(TENANT, entry.tenant(), Field.Store.YES));
        doc.add(new StringField(MODEL_ALIAS, entry.modelAlias(), Field.Store.YES));
        doc.add(new StoredField(MATCHED_TEXT, entry.matchedText()));
        doc.add(new StoredField(PAYLOAD, entry.payload()));
        doc.add(new StoredField(PROMPT_TOKENS, entry.promptTokens()));
        doc.add(new StoredField(COMPLETION_TOKENS, entry.completionTokens()));
        doc.add(new StoredField(COST_USD, entry.costUsd()));
        if (entry.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        long expiresAt = millisOr(entry.expiresAt(), NEVER);
        doc.add(new NumericDocValuesField(CREATED_AT, entry.createdAt().toEpochMilli()));
        doc.add(new NumericDocValuesField(EXPIRES_AT, expiresAt));
        doc.add(new LongPoint(EXPIRES_AT_POINT, expiresAt));
        doc.add(new NumericDocValuesField(HIT_COUNT, entry.hitCount()));
        doc.add(new NumericDocValuesField(LAST_HIT_AT, millisOr(entry.lastHitAt(), NONE)));
        doc.add(new NumericDocValuesField(LAST_USED_AT, entry.lastUsedAt().toEpochMilli()));
        return doc;
    }

    /** Reads the entry of a top-level doc id of {@code searcher}, adding hits pending in {@code ledger} (nullable). */
    static CacheEntry read(IndexSearcher searcher, StoredFields stored, int docId, HitLedger ledger) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docId, leaves));
        int local = docId - leaf.docBase;
        Document doc = stored.document(docId);
        String id = doc.get(ID);
        long hitCount = numeric(leaf, HIT_COUNT, local, 0);
        long lastHitAt = numeric(leaf, LAST_HIT_AT, local, NONE);
        long expiresAt = numeric(leaf, EXPIRES_AT, local, NEVER);
        CacheEntry entry = CacheEntry.builder()
                .id(id)
                .namespace(doc.get(NAMESPACE))
                .tenant(doc.get(TENANT))
                .modelAlias(doc.get(MODEL_ALIAS))
                .matchedText(doc.get(MATCHED_TEXT))
                .exactKey(doc.get(EXACT_KEY))
                .vector(vector(leaf, local))
                .payload(BytesRef.deepCopyOf(doc.getBinaryValue(PAYLOAD)).bytes)
                .promptTokens(doc.getField(PROMPT_TOKENS).numericValue().longValue())
                .completionTokens(doc.getField(COMPLETION_TOKENS).numericValue().longValue())
                .costUsd(doc.getField(COST_USD).numericValue().doubleValue())
                .createdAt(Instant.ofEpochMilli(numeric(leaf, CREATED_AT, local, 0)))
                .expiresAt(expiresAt == NEVER ? null : Instant.ofEpochMilli(expiresAt))
                .hitCount(hitCount)
                .lastHitAt(lastHitAt == NONE ? null : Instant.ofEpochMilli(lastHitAt))
                .build();
        return ledger == null ? entry : withPendingHits(entry, ledger);
    }

    /** {@code entry} as the index stores it, plus its hits pending in {@code ledger} (itself when there are none). */
    static CacheEntry withPendingHits(CacheEntry entry, HitLedger ledger) {
        HitLedger.Pending pending = ledger.pending(entry.id());
        if (pending == null) {
            return entry;
        }
        long lastHit = Math.max(entry.lastHitAt() == null ? NONE : entry.lastHitAt().toEpochMilli(),
                pending.lastHitMillis());
        return entry.toBuilder()
                .hitCount(entry.hitCount() + pending.count())
                .lastHitAt(lastHit == NONE ? null : Instant.ofEpochMilli(lastHit))
                .build();
    }

    static long numeric(LeafReaderContext leaf, String field, int localDoc, long missing) throws IOException {
        NumericDocValues values = leaf.reader().getNumericDocValues(field);
        return values != null && values.advanceExact(localDoc) ? values.longValue() : missing;
    }

    private static float[] vector(LeafReaderContext leaf, int localDoc) throws IOException {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        if (values == null) {
            return null;
        }
        KnnVectorValues.DocIndexIterator it = values.iterator();
        if (it.advance(localDoc) != localDoc) {
            return null;
        }
        // The reader reuses its buffer between calls.
        return values.vectorValue(it.index()).clone();
    }

    private static long millisOr(Instant instant, long missing) {
        return instant == null ? missing : instant.toEpochMilli();
    }
}
