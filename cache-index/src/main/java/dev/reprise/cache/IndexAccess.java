package dev.reprise.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;

/**
 * The writer and its near-real-time searchers, with the rule that a read sees every write finished before it.
 * {@link #read} refreshes first when writes are unrefreshed (concurrent readers share one refresh).
 * {@link #readCurrent}, for the lookups on a request's path, never refreshes: it reads the searcher as it is,
 * and the entries written since it was opened are in {@link #recent()}, where the caller looks too. A
 * background task refreshes every 50 ms, which empties that list.
 *
 * <p>Reads hold a shared lock and hit flushes an exclusive one: a reader pairs one searcher with the pending
 * hits in memory, and must not see a flush half done (it would count those hits twice or not at all).
 */
final class IndexAccess {

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ReentrantReadWriteLock pairing = new ReentrantReadWriteLock();
    private final AtomicLong writesDone = new AtomicLong();
    private final AtomicLong writesVisible = new AtomicLong();
    private final AtomicLong refreshes = new AtomicLong();
    private final RecentWrites recent = new RecentWrites();

    IndexAccess(IndexWriter writer) throws IOException {
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    IndexWriter writer() {
        return writer;
    }

    <T> T read(SearcherFunction<T> function) {
        pairing.readLock().lock();
        try {
            return withSearcher(true, function);
        } finally {
            pairing.readLock().unlock();
        }
    }

    /**
     * A read of the searcher as it is, without refreshing: puts since its last refresh are in {@link #recent()}.
     * Deletes are refreshed at once by their callers, so this never sees a deleted entry.
     */
    <T> T readCurrent(SearcherFunction<T> function) {
        pairing.readLock().lock();
        try {
            return withSearcher(false, function);
        } finally {
            pairing.readLock().unlock();
        }
    }

    RecentWrites recent() {
        return recent;
    }

    /** How many times a refresh opened a new searcher; for tests. */
    long refreshes() {
        return refreshes.get();
    }

    /** Runs {@code action} with no reader in flight; the action may read and write. */
    void exclusive(WriterAction action) {
        pairing.writeLock().lock();
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the cache index", e);
        } finally {
            pairing.writeLock().unlock();
        }
    }

    /** A read for callers already inside {@link #exclusive}. */
    <T> T readInside(SearcherFunction<T> function) {
        return withSearcher(true, function);
    }

    /** Runs a write; returns its sequence number, which a refresh that makes it visible reaches. */
    long write(WriterAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cache index", e);
        }
        // Counted after the writer returns, so a refresh that starts later is sure to include the write.
        return writesDone.incrementAndGet();
    }

    /** A refresh now, for a delete that lookups must stop seeing at once (they read the searcher as it is). */
    void refreshNow() {
        try {
            refreshIfStale();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the cache index", e);
        }
    }

    void refreshIfStale() throws IOException {
        long target = writesDone.get();
        if (writesVisible.get() < target) {
            searchers.maybeRefreshBlocking();
            refreshes.incrementAndGet();
            writesVisible.accumulateAndGet(target, Math::max);
        }
        // Also when nothing was stale: a put may have listed its entry after the refresh that showed it.
        recent.visibleUpTo(writesVisible.get());
    }

    void close() throws IOException {
        try (writer) {
            searchers.close();
        }
    }

    private <T> T withSearcher(boolean refreshFirst, SearcherFunction<T> function) {
        try {
            if (refreshFirst) {
                refreshIfStale();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return function.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cache index", e);
        }
    }

    @FunctionalInterface
    interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    @FunctionalInterface
    interface WriterAction {
        void run() throws IOException;
    }
}
