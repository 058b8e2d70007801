package dev.reprise.cache;

import static dev.reprise.cache.EntryDocument.CREATED_AT;
import static dev.reprise.cache.EntryDocument.EXACT_KEY;
import static dev.reprise.cache.EntryDocument.EXPIRES_AT;
import static dev.reprise.cache.EntryDocument.EXPIRES_AT_POINT;
import static dev.reprise.cache.EntryDocument.ID;
import static dev.reprise.cache.EntryDocument.MODEL_ALIAS;
import static dev.reprise.cache.EntryDocument.NAMESPACE;
import static dev.reprise.cache.EntryDocument.TENANT;
import static dev.reprise.cache.EntryDocument.VECTOR;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A {@link VectorIndex} over one Lucene index: HNSW on unit vectors (DOT_PRODUCT) for the semantic tier,
 * a term lookup for the exact tier. Thread-safe; one background thread per index does the housekeeping.
 *
 * <ul>
 * <li>Visibility: a read sees every write finished before it began. A background task refreshes the searcher
 *     every 50 ms, and a read that finds writes not yet refreshed refreshes first (concurrent readers share it).
 * <li>Exact lookups: the entries found lately are kept in memory ({@link HotExactEntries}) with the version of the
 *     searcher they were read from, and served from there while the searcher has that version.
 * <li>Hits: {@link #recordHit} only updates memory; reads add pending hits, and every commit folds them into
 *     doc values without reindexing the vector. A clean close keeps them; a crash loses those since the last commit.
 * <li>Durability: commits every {@code commitInterval} and on close; after a crash the index opens at its last
 *     commit. The eviction and purge counters and the {@link #mark markers} ride in the commit's user data.
 * <li>Schema: the first vector stored fixes the dimension; other dimensions are rejected.
 * </ul>
 */
public final class LuceneVectorIndex implements VectorIndex {

    /** Ask HNSW for at least this many neighbours; fewer hurts recall more than it saves time. */
    static final int MIN_SEARCH_K = 10;
    /** The beam of a graph search: k=10 found a paraphrase among 6,000 templated entries 0 times in 9, k=100 5 in 9. */
    static final int HNSW_SEARCH_K = 100;
    private static final String EVICTIONS_KEY = "reprise.evictions";
    private static final String PURGED_KEY = "reprise.expiredPurged";
    /** Markers ride in the commit's user data under this prefix, beside the counters. */
    private static final String MARKER_PREFIX = "reprise.marker.";
    private static final Sort NEWEST_FIRST = new Sort(new SortField(CREATED_AT, SortField.Type.LONG, true));

    private final Directory directory;
    private final boolean ownsDirectory;
    private final IndexAccess access;
    private final HitLedger ledger = new HitLedger();
    private final VectorDimension dimension = new VectorDimension();
    private final HitFlush hitFlush;
    private final LeastRecentlyUsedEviction eviction;
    private final AtomicLong evictions;
    private final AtomicLong expiredPurged;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IndexHousekeeping housekeeping;
    private final int exactSearchLimit;
    private final HotExactEntries hot;
    private final Map<String, String> markers = new ConcurrentHashMap<>();
    private volatile Map<String, String> committedData;

    private LuceneVectorIndex(Directory directory, boolean ownsDirectory, IndexOptions options) throws IOException {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.exactSearchLimit = options.exactSearchLimit();
        this.hot = new HotExactEntries(options.hotExactBytes());
        IndexWriter writer = new IndexWriter(directory,
                new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        try {
            this.access = new IndexAccess(writer);
            access.read(searcher -> {
                dimension.learnFrom(searcher.getIndexReader());
                return null;
            });
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer, e);
            throw e;
        }
        this.hitFlush = new HitFlush(access, ledger);
        this.eviction = new LeastRecentlyUsedEviction(access, ledger, options.maxEntries());
        Map<String, String> committed = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            data.forEach(e -> committed.put(e.getKey(), e.getValue()));
        }
        this.evictions = new AtomicLong(Long.parseLong(committed.getOrDefault(EVICTIONS_KEY, "0")));
        this.expiredPurged = new AtomicLong(Long.parseLong(committed.getOrDefault(PURGED_KEY, "0")));
        committed.forEach((key, value) -> {
            if (key.startsWith(MARKER_PREFIX)) {
                markers.put(key.substring(MARKER_PREFIX.length()), value);
            }
        });
        this.committedData = commitData();
        this.housekeeping = IndexHousekeeping.start(this, access, options);
    }

    /** Opens (or creates) the index at {@code options.directory()}, or a fresh in-memory index if that is null. */
    public static LuceneVectorIndex open(IndexOptions options) {
        Objects.requireNonNull(options, "options");
        Directory dir = null;
        try {
            if (options.directory() != null) {
                PrivateFolder.prepare(options.directory());
            }
            dir = options.directory() == null ? new ByteBuffersDirectory() : FSDirectory.open(options.directory());
            return new LuceneVectorIndex(dir, true, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(dir, e);
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot open the cache index at " + options.directory(), io)
                    : (RuntimeException) e;
        }
    }

    /** Opens (or creates) the index in a directory the caller owns and closes; {@code options.directory()} must be null. */
    public static LuceneVectorIndex open(Directory directory, IndexOptions options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        if (options.directory() != null) {
            throw new IllegalArgumentException(
                    "directory must be null in IndexOptions when a Directory is given, got " + options.directory());
        }
        try {
            return new LuceneVectorIndex(directory, false, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cache index in " + directory, e);
        }
    }

    @Override
    public void put(CacheEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.vector() != null) {
            dimension.require(entry.vector(), "vector");
        }
        long write = access.write(() -> {
            // One entry per exact key: a fresher answer (a no-cache refresh, say) replaces the older one
            // rather than leaving a stale twin that the semantic tier could still pick.
            if (entry.exactKey() != null) {
                access.writer().deleteDocuments(new Term(EXACT_KEY, entry.exactKey()));
            }
            access.writer().updateDocument(new Term(ID, entry.id()), EntryDocument.toDocument(entry));
        });
        // Lookups see it from here on, before a refresh shows it to the searcher.
        access.recent().add(entry, write);
        ledger.forget(entry.id()); // the stored entry carries its own hit count now
        evictions.addAndGet(eviction.evictIfOverLimit());
    }

    @Override
    public Optional<CacheEntry> getExact(String exactKey, Instant now) {
        Objects.requireNonNull(exactKey, "exactKey");
        RecentWrites.Snapshot recent = access.recent().snapshot(); // before the searcher: see RecentWrites.snapshot
        Optional<CacheEntry> fresh = recent.exact(exactKey, now);
        if (fresh.isPresent()) {
            return fresh;
        }
        return access.readCurrent(searcher -> {
            long version = searcher.getIndexReader() instanceof DirectoryReader reader ? reader.getVersion() : -1;
            CacheEntry held = version < 0 ? null : hot.get(exactKey, version, now);
            if (held == null) {
                Query query = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(EXACT_KEY, exactKey)), Occur.FILTER)
                        .add(unexpiredAt(now), Occur.FILTER)
                        .build();
                ScoreDoc[] hits = searcher.search(query, 1, NEWEST_FIRST).scoreDocs;
                if (hits.length == 0) {
                    return Optional.<CacheEntry>empty();
                }
                held = EntryDocument.read(searcher, searcher.storedFields(), hits[0].doc, null);
                if (version >= 0) {
                    hot.put(exactKey, version, held);
                }
            }
            // Within the read lock, so the pending hits pair with this searcher's counts (see IndexAccess).
            return Optional.of(EntryDocument.withPendingHits(held, ledger));
        }).filter(stored -> !recent.supersedes(stored));
    }

    /** How many entries exact lookups keep at hand; for tests. */
    long hotExactEntries() {
        return hot.size();
    }

    @Override
    public List<ScoredEntry> nearest(String namespace, float[] vector, int k, Instant now) {
        return nearest(namespace, vector, k, k, now);
    }

    @Override
    public List<ScoredEntry> nearest(String namespace, float[] vector, int k, int keep, Instant now) {
        Objects.requireNonNull(namespace, "namespace");
        UnitVectors.requireUnitLength(vector, "vector");
        dimension.check(vector, "vector");
        if (k < 1 || keep < 1) {
            throw new IllegalArgumentException("k and keep must be >= 1, got " + k + " and " + keep);
        }
        // The filter runs inside the HNSW search, so a small namespace is still found among large ones.
        Query filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(NAMESPACE, namespace)), Occur.FILTER)
                .add(unexpiredAt(now), Occur.FILTER)
                .build();
        int searchK = Math.max(k, MIN_SEARCH_K);
        int wanted = Math.min(k, keep);
        RecentWrites.Snapshot recent = access.recent().snapshot(); // before the searcher: see RecentWrites.snapshot
        List<ScoredEntry> found = access.readCurrent(searcher -> {
            int inNamespace = searcher.count(new TermQuery(new Term(NAMESPACE, namespace)));
            ScoreDoc[] hits = inNamespace <= exactSearchLimit
                    ? ExactNearest.search(searcher, filter, VECTOR, vector, searchK)
                    : searcher.search(new KnnFloatVectorQuery(VECTOR, vector, Math.max(searchK, HNSW_SEARCH_K), filter),
                            searchK).scoreDocs;
            var stored = searcher.storedFields();
            List<ScoredEntry> out = new ArrayList<>(Math.min(wanted, hits.length));
            for (int i = 0; i < hits.length && out.size() < wanted; i++) {
                CacheEntry entry = EntryDocument.read(searcher, stored, hits[i].doc, ledger);
                if (!entry.isExpiredAt(now) && !recent.supersedes(entry)) {
                    out.add(new ScoredEntry(entry, cosineOf(hits[i].score)));
                }
            }
            return out;
        });
        if (recent.isEmpty()) {
            return found;
        }
        // Entries written since the searcher's last refresh compete on equal terms.
        List<ScoredEntry> merged = new ArrayList<>(found);
        merged.addAll(recent.nearest(namespace, vector, now));
        merged.sort(Comparator.comparingDouble(ScoredEntry::similarity).reversed());
        return List.copyOf(merged.subList(0, Math.min(wanted, merged.size())));
    }

    /** How many times a refresh opened a new searcher; for tests. */
    long refreshes() {
        return access.refreshes();
    }

    @Override
    public Optional<CacheEntry> get(String id) {
        Objects.requireNonNull(id, "id");
        return access.read(searcher -> first(searcher, searcher.search(new TermQuery(new Term(ID, id)), 1).scoreDocs));
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        boolean existed = deleteMatching(new TermQuery(new Term(ID, id))) > 0;
        access.recent().forget(id);
        ledger.forget(id);
        return existed;
    }

    @Override
    public int deleteWhere(String modelAlias, String tenant) {
        access.recent().forgetIf(e -> (modelAlias == null || modelAlias.equals(e.modelAlias()))
                && (tenant == null || tenant.equals(e.tenant())));
        if (modelAlias == null && tenant == null) {
            return deleteMatching(MatchAllDocsQuery.INSTANCE);
        }
        BooleanQuery.Builder both = new BooleanQuery.Builder();
        if (modelAlias != null) {
            both.add(new TermQuery(new Term(MODEL_ALIAS, modelAlias)), Occur.FILTER);
        }
        if (tenant != null) {
            both.add(new TermQuery(new Term(TENANT, tenant)), Occur.FILTER);
        }
        return deleteMatching(both.build());
    }

    @Override
    public void recordHit(String id, Instant when) {
        ledger.record(Objects.requireNonNull(id, "id"), Objects.requireNonNull(when, "when"));
    }

    @Override
    public int purgeExpired(Instant now) {
        int purged = deleteMatching(LongPoint.newRangeQuery(EXPIRES_AT_POINT, Long.MIN_VALUE, now.toEpochMilli()));
        expiredPurged.addAndGet(purged);
        return purged;
    }

    @Override
    public void mark(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            markers.remove(name);
        } else {
            markers.put(name, value);
        }
    }

    @Override
    public Optional<String> marker(String name) {
        return Optional.ofNullable(markers.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public Stats stats() {
        long entries = access.read(searcher -> searcher.getIndexReader().numDocs());
        return new Stats(entries, bytesInDirectory(), evictions.get(), expiredPurged.get());
    }

    @Override
    public void commit() {
        hitFlush.run();
        Map<String, String> data = commitData();
        IndexWriter writer = access.writer();
        if (!data.equals(committedData)) {
            writer.setLiveCommitData(data.entrySet());
        }
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the cache index", e);
        }
        committedData = data;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        housekeeping.stop();
        try {
            commit();
            access.close();
            if (ownsDirectory) {
                directory.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the cache index", e);
        }
    }

    /** Commits only when something changed, so an idle index does not fsync every interval. */
    void commitIfChanged() {
        if (access.writer().hasUncommittedChanges() || !ledger.isEmpty() || !commitData().equals(committedData)) {
            commit();
        }
    }

    private Optional<CacheEntry> first(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
        return hits.length == 0
                ? Optional.empty()
                : Optional.of(EntryDocument.read(searcher, searcher.storedFields(), hits[0].doc, ledger));
    }

    private int deleteMatching(Query query) {
        // Counted on a fresh searcher, then deleted by the same query: exact unless a matching put races it.
        int count = access.read(searcher -> searcher.count(query));
        if (count > 0) {
            access.write(() -> access.writer().deleteDocuments(query));
            access.refreshNow();
        }
        return count;
    }

    /**
     * Points when the expiry filter leads (the k-NN filter's bit set), doc values when a term leads: an exact lookup
     * then checks its one candidate instead of collecting every unexpired entry of the index into a bit set.
     */
    private static Query unexpiredAt(Instant now) {
        long from = now.toEpochMilli() + 1;
        return new IndexOrDocValuesQuery(LongPoint.newRangeQuery(EXPIRES_AT_POINT, from, Long.MAX_VALUE),
                NumericDocValuesField.newSlowRangeQuery(EXPIRES_AT, from, Long.MAX_VALUE));
    }

    /** Lucene scores DOT_PRODUCT as (1 + dot) / 2; callers think in cosine. */
    private static float cosineOf(float luceneScore) {
        return Math.max(-1f, Math.min(1f, 2f * luceneScore - 1f));
    }

    private static void closeQuietly(java.io.Closeable closeable, Exception cause) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    /** The counters and markers as the next commit records them. */
    private Map<String, String> commitData() {
        Map<String, String> data = new HashMap<>();
        data.put(EVICTIONS_KEY, Long.toString(evictions.get()));
        data.put(PURGED_KEY, Long.toString(expiredPurged.get()));
        markers.forEach((name, value) -> data.put(MARKER_PREFIX + name, value));
        return data;
    }

    private long bytesInDirectory() {
        long total = 0;
        try {
            for (String file : directory.listAll()) {
                try {
                    total += directory.fileLength(file);
                } catch (NoSuchFileException | FileNotFoundException mergedAway) {
                    // A merge deleted the file between listing and sizing it.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size the cache index", e);
        }
        return total;
    }
}
