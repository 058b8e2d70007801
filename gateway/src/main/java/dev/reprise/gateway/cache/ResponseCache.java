package dev.reprise.gateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reprise.cache.AnswerVerifier;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.HitGuards;
import dev.reprise.cache.HitPolicy;
import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.Lookup;
import dev.reprise.cache.LuceneVectorIndex;
import dev.reprise.cache.ObservedIndex;
import dev.reprise.cache.PrivateFolder;
import dev.reprise.cache.ScoredEntry;
import dev.reprise.cache.SemanticCache;
import dev.reprise.cache.SemanticLookup;
import dev.reprise.cache.UnitVectors;
import dev.reprise.cache.VectorIndex;
import dev.reprise.embeddings.BatchingEmbedder;
import dev.reprise.embeddings.Embedder;
import dev.reprise.embeddings.OnnxEmbedder;
import dev.reprise.embeddings.TextNormalizer;
import dev.reprise.models.catalogue.Price;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.FinishReason;
import dev.reprise.models.wire.Usage;
import dev.reprise.models.wire.WireJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's side of the semantic cache: the embedder, the index, the current settings, and the
 * writer that stores answers off the response path. Stages and the admin API go through it; it knows
 * HTTP no more than the index does.
 */
public final class ResponseCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());
    /** The index lives in this folder under {@code data-dir}. */
    public static final String INDEX_FOLDER = "cache-index";

    private final AtomicReference<CacheSettings> settings;
    private final TextNormalizer normalizer;
    private final Embedder embedder;
    /** Reports what the cache stores and deletes, for replication to other nodes; quiet until one listens. */
    private final ObservedIndex index;
    private final SemanticCache tiers;
    /** Decides semantic hits while {@code cache.verifier} is on; null when it was off at start. */
    private final AnswerVerifier verifier;
    private final Clock clock;
    private final CacheMetrics metrics;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("cache-writer").daemon(true).factory());
    private final Counters counters = new Counters();
    /** The judge's evidence, when {@code cache.judge} is on: serves grey-band candidates its labels vouch for. */
    private volatile JudgedGroups judgedGroups;
    /** Answers handed to the writer and not yet in the index, by exact key. */
    private final ConcurrentHashMap<String, CacheEntry> pending = new ConcurrentHashMap<>();
    /**
     * Decoded answers by their payload array, compared by identity and held weakly: the index hands out the same
     * array for a hot exact entry on every hit (see the cache index's hot exact entries), so a repeated hit skips
     * decoding its JSON; an answer is an immutable record, shared by every request it is served to.
     */
    private final Cache<byte[], ChatCompletionResponse> decoded = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(4_096)
            .executor(Runnable::run) // upkeep on the caller, not on the common pool
            .build();
    /** Stores queued for the writer; {@link #storeLater} drops an answer past {@link #maxQueuedStores}. */
    private final AtomicInteger queuedStores = new AtomicInteger();
    private volatile int maxQueuedStores = Integer.MAX_VALUE;
    /** While true, the writer leaves an answer without a vector waiting instead of embedding it. */
    private volatile BooleanSupplier deferEmbedding = () -> false;
    private volatile boolean closing;
    /** How often a writer holding a deferred answer looks whether it may embed it now. */
    private static final long DEFER_POLL_NANOS = Duration.ofMillis(10).toNanos();

    ResponseCache(CacheSettings settings, Embedder embedder, VectorIndex index, Clock clock, MeterRegistry registry) {
        this(settings, embedder, index, null, clock, registry);
    }

    ResponseCache(CacheSettings settings, Embedder embedder, VectorIndex index, AnswerVerifier verifier, Clock clock,
                  MeterRegistry registry) {
        if (settings.verifier().enabled() && verifier == null) {
            throw new IllegalArgumentException("cache.verifier is enabled but no verifier was loaded");
        }
        this.settings = new AtomicReference<>(settings);
        this.normalizer = new TextNormalizer(settings.normalization());
        this.embedder = embedder;
        this.index = new ObservedIndex(index);
        this.verifier = verifier == null ? null : new TimedVerifier(verifier, registry);
        this.tiers = new SemanticCache(this.index, this.verifier);
        this.clock = clock;
        this.metrics = new CacheMetrics(registry, this.index);
        Gauge.builder("reprise.cache.store.queue", queuedStores, AtomicInteger::get)
                .description("Answers waiting for the cache writer (bound: overload.store-queue)")
                .register(registry);
    }

    /**
     * Loads the embedding model and opens the index under {@code dataDir} (in memory when null).
     * The model loads once here, never per request.
     */
    public static ResponseCache open(CacheSettings settings, Path dataDir, Clock clock, MeterRegistry registry) {
        if (dataDir != null) {
            try {
                PrivateFolder.prepare(dataDir); // the query log and the index inside hold tenants' questions
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + dataDir + " owner-only", e);
            }
        }
        Embedder embedder = new BatchingEmbedder(OnnxEmbedder.load(settings.embeddingModel()));
        IndexOptions options = IndexOptions.builder()
                .directory(dataDir == null ? null : dataDir.resolve(INDEX_FOLDER))
                .maxEntries(settings.maxEntries())
                .commitInterval(settings.commitInterval())
                .exactSearchLimit(settings.exactSearchLimit())
                .clock(clock)
                .build();
        VectorIndex index;
        try {
            index = LuceneVectorIndex.open(options);
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
        AnswerVerifier verifier;
        try {
            verifier = settings.verifier().enabled() ? CacheVerifier.load(settings.verifier()) : null;
        } catch (RuntimeException e) {
            index.close();
            embedder.close();
            throw e;
        }
        return new ResponseCache(settings, embedder, index, verifier, clock, registry);
    }

    public CacheSettings settings() {
        return settings.get();
    }

    /**
     * The index as cache replication sees it: what this cache stores and deletes is reported to its listener, and
     * {@link ObservedIndex#quiet()} applies another node's changes without reporting them back. Expiry purges and
     * evictions are each node's own and not reported.
     */
    public ObservedIndex replicaIndex() {
        return index;
    }

    /**
     * The cache's embedder, for other in-process users of the same model (the injection detector); it closes with
     * the cache, so a user must not outlive it.
     */
    public Embedder embedder() {
        return embedder;
    }

    /**
     * A hot reload: takes the new threshold, TTL, guards and limits. Settings fixed at start must not
     * change; the old settings stay when they do.
     *
     * @throws IllegalArgumentException naming the setting that needs a restart
     */
    public void apply(CacheSettings next) {
        CacheSettings old = settings.get();
        String fixed = next.fixedSettingChangedFrom(old);
        if (fixed != null) {
            throw new IllegalArgumentException(fixed + " changes only with a restart");
        }
        settings.set(next);
    }

    public TextNormalizer normalizer() {
        return normalizer;
    }

    /**
     * The key of a request whose last message is the user text to match: the one recipe the request
     * path and the admin lookup share. The normalised text may be blank; callers decide what that means.
     */
    public CacheRequest key(String tenant, String alias, ChatCompletionRequest request, boolean lookup,
                            double threshold, Duration ttl) {
        int last = request.messages().size() - 1;
        String text = normalizer.normalize(request.messages().get(last).text());
        CacheNamespace namespace = CacheNamespace.of(embedder.modelId(), tenant, alias, request, last);
        return new CacheRequest(tenant, alias, namespace, text, namespace.exactKey(text), lookup, threshold, ttl);
    }

    /**
     * True when the text may be longer than the embedding model's window. The embedder keeps only the
     * head of a long text, so two long texts that differ only after the window would embed alike and one
     * could be served the other's answer. Such texts skip the semantic tier; the exact tier still
     * serves them. Four characters a token is generous for English; three keeps a margin.
     */
    public boolean tooLongToMatchByMeaning(String normalisedText) {
        return normalisedText.length() > settings.get().embeddingModel().maxTokens() * 3;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The exact tier: a hash lookup, no embedding. */
    public Optional<CachedAnswer> exact(CacheRequest request) {
        try {
            Instant now = now();
            // An answer still on its way to the index is already servable: a client that repeats a question
            // right after the answer arrived must not miss because the writer has not caught up.
            CacheEntry entry = pending.get(request.exactKey());
            if (entry == null || entry.isExpiredAt(now)) {
                entry = tiers.lookupExact(request.exactKey(), now).hitEntry().orElse(null);
            }
            Optional<CachedAnswer> answer = entry == null || staleUnderCurrentTtl(entry, now)
                    ? Optional.empty() : served(entry, null, null, now, false);
            metrics.lookup("exact", answer.isPresent(), request.alias());
            if (answer.isPresent()) {
                counters.exactHits.increment();
            }
            return answer;
        } catch (RuntimeException e) {
            // A cache that fails must cost a miss, never the request.
            LOG.log(Level.WARNING, "exact cache lookup failed; answering from upstream", e);
            return Optional.empty();
        }
    }

    /** The semantic tier: embeds the normalised text and judges the nearest entry in the namespace. */
    public SemanticResult semantic(CacheRequest request) {
        float[] vector;
        SemanticLookup lookup;
        Instant now;
        try {
            vector = embed(request.normalisedText());
            now = now();
            HitPolicy policy = policy(request.threshold());
            lookup = tiers.lookupSemantic(request.namespace().id(), request.normalisedText(), vector, policy, now);
            ScoredEntry waiting = nearestPending(request.namespace().id(), vector, now);
            if (waiting != null && (lookup.best() == null || waiting.similarity() > lookup.best().similarity())) {
                // An answer still on its way to the index is the nearest: it is judged like a stored one, so a
                // paraphrase sent right after the answer arrived does not miss because the writer is behind.
                lookup = SemanticCache.decide(request.normalisedText(), List.of(waiting), policy, verifier);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "semantic cache lookup failed; answering from upstream", e);
            return new SemanticResult(null, null, null);
        }
        if (lookup.best() != null) {
            metrics.similarity(lookup.best().similarity());
        }
        boolean byJudge = !lookup.isHit() && servedByJudgedGroup(request, lookup);
        Optional<CachedAnswer> hit = (lookup.isHit() || byJudge) && !staleUnderCurrentTtl(lookup.best().entry(), now)
                ? served(lookup.best().entry(), lookup.best().similarity(), lookup.verifierProbability().orElse(null),
                        now, byJudge)
                : Optional.empty();
        if (byJudge && hit.isPresent()) {
            index.recordHit(lookup.best().entry().id(), now);
        }
        metrics.lookup("semantic", hit.isPresent(), request.alias());
        if (hit.isEmpty()) {
            counters.misses.increment();
            return new SemanticResult(null, lookup, vector);
        }
        counters.semanticHits.increment();
        return new SemanticResult(hit.get(), lookup, vector);
    }

    /** Lets the judge's evidence serve grey-band candidates (see {@link #servedByJudgedGroup}). */
    public void judgedBy(JudgedGroups groups) {
        this.judgedGroups = groups;
    }

    /**
     * Whether a missed lookup is a grey-band miss, the kind the judge reads: its best candidate is at or above
     * {@code cache.judge.floor}, below the serving rule, and the guards accept it (a guard's veto already says the
     * two differ).
     */
    public boolean inGreyBand(CacheRequest request, SemanticLookup lookup) {
        ScoredEntry best = lookup.best();
        CacheSettings now = settings.get();
        boolean belowRule = lookup.missReason() == SemanticLookup.MissReason.BELOW_THRESHOLD
                || lookup.missReason() == SemanticLookup.MissReason.VERIFIER_REJECTED;
        return best != null && belowRule && best.similarity() >= (float) now.judge().floor()
                && HitGuards.rejection(request.normalisedText(), best.entry().matchedText(), now.guards()).isEmpty();
    }

    /**
     * A miss that the judge's evidence turns into a hit: a grey-band miss (see {@link #inGreyBand}) of a request that
     * did not raise its threshold, whose candidate's group the judged labels vouch for at this similarity. Any
     * failure here is a miss.
     */
    private boolean servedByJudgedGroup(CacheRequest request, SemanticLookup lookup) {
        JudgedGroups groups = judgedGroups;
        if (groups == null || request.threshold() > settings.get().thresholdFor(request.alias())) {
            return false;
        }
        try {
            return inGreyBand(request, lookup) && groups.serves(lookup.best().entry(), lookup.best().similarity());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading the judge's evidence failed; answering from upstream", e);
            return false;
        }
    }

    /** The answer handed to the writer and not yet indexed that is nearest to {@code vector} in the namespace. */
    private ScoredEntry nearestPending(String namespace, float[] vector, Instant now) {
        ScoredEntry best = null;
        for (CacheEntry draft : pending.values()) {
            if (draft.vector() != null && draft.namespace().equals(namespace) && !draft.isExpiredAt(now)) {
                float similarity = UnitVectors.cosine(vector, draft.vector());
                if (best == null || similarity > best.similarity()) {
                    best = new ScoredEntry(draft, similarity);
                }
            }
        }
        return best;
    }

    /**
     * True when the entry outlived the TTL in force now. Entries keep the expiry of the TTL they were
     * stored under; an operator who shortens {@code cache.ttl} expects older answers to go too.
     */
    private boolean staleUnderCurrentTtl(CacheEntry entry, Instant now) {
        Duration ttl = settings.get().ttl();
        return ttl != null && !entry.createdAt().plus(ttl).isAfter(now);
    }

    /** The admin lookup: the same decision, without counting a hit or a miss. */
    public SemanticLookup explain(CacheNamespace namespace, String normalisedText, double threshold) {
        return tiers.explainSemantic(namespace.id(), normalisedText, embed(normalisedText), policy(threshold), now());
    }

    /** The result of the semantic tier; {@code vector} is kept so a miss can be stored without embedding again. */
    public record SemanticResult(CachedAnswer hit, SemanticLookup lookup, float[] vector) {
    }

    /**
     * An answer served from the cache, with what the headers report.
     *
     * @param similarity  the cosine of a semantic hit, null for an exact one
     * @param probability the verifier's probability of a semantic hit it decided, else null
     * @param judged      a grey-band hit the judge's labels allowed, below the serving rule
     */
    public record CachedAnswer(CacheEntry entry, ChatCompletionResponse response, Float similarity, Float probability,
                               Duration age, boolean judged) {
    }

    /**
     * Bounds the stores waiting for the writer (unbounded until called): under load the writer falls behind, and each
     * waiting answer costs memory and a comparison in every semantic lookup.
     */
    public void boundStoreQueue(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the store queue needs room for at least 1 answer, got " + max);
        }
        maxQueuedStores = max;
    }

    /**
     * Makes the writer wait while {@code busy} says so before it embeds an answer that came without a vector (the
     * semantic tier was skipped under load): that embedding is the CPU the overload control is saving. The answer
     * stays servable to exact repeats meanwhile; stores that arrive while the writer waits queue up to the bound.
     */
    public void deferEmbeddingWhile(BooleanSupplier busy) {
        deferEmbedding = busy;
    }

    /**
     * Stores {@code response} for {@code request} on the writer thread, after the answer was sent.
     * {@code vector} may be null (the semantic tier never ran): the writer embeds then. Returns the id the
     * entry is stored under, or null when it is not stored: the writer's queue is full (counted as
     * {@code reprise_cache_stores_total{result="dropped"}}) or the cache is closing.
     */
    public String storeLater(CacheRequest request, float[] vector, Price price, ChatCompletionResponse response) {
        if (queuedStores.incrementAndGet() > maxQueuedStores) {
            queuedStores.decrementAndGet();
            metrics.stored("dropped");
            return null;
        }
        CacheEntry draft = entry(request, vector, price, response);
        pending.put(request.exactKey(), draft);
        try {
            writer.execute(() -> {
                try {
                    index.put(withVector(draft));
                    metrics.stored("ok");
                } catch (RuntimeException e) {
                    metrics.stored("failed");
                    LOG.log(Level.WARNING, "could not store an answer in the cache", e);
                } finally {
                    pending.remove(request.exactKey(), draft);
                    queuedStores.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(request.exactKey(), draft);
            queuedStores.decrementAndGet();
            LOG.warning("the cache is closing; an answer was not stored");
            return null;
        }
        return draft.id();
    }

    /**
     * Whether an answer may be reused for another request: one answer, ended by {@code stop}, and tool
     * calls only where the config allows them.
     */
    public boolean storable(ChatCompletionResponse response) {
        if (response == null || response.choices() == null || response.choices().size() != 1) {
            return false;
        }
        ChatCompletionResponse.Choice choice = response.firstChoice();
        if (choice.message() == null) {
            return false;
        }
        boolean toolCalls = choice.message().toolCalls() != null && !choice.message().toolCalls().isEmpty();
        if (toolCalls) {
            return settings.get().cacheToolCalls()
                    && (choice.finishReason() == FinishReason.TOOL_CALLS || choice.finishReason() == FinishReason.STOP);
        }
        return choice.finishReason() == FinishReason.STOP;
    }

    /**
     * Makes the entry stored under {@code storedId} serve {@code group}'s answer (its payload, usage and cost), on the
     * writer thread after every store queued before: a question the judge found answered by {@code group}'s entry
     * keeps its own exact key and vector, and one answer serves them all. Completes with false when either entry is
     * gone by then (deleted as wrong, evicted, expired), and nothing changes.
     */
    public CompletableFuture<Boolean> aliasLater(String storedId, CacheEntry group) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    Optional<CacheEntry> stored = index.get(storedId);
                    if (stored.isEmpty() || index.get(group.id()).isEmpty()) {
                        done.complete(false);
                        return;
                    }
                    index.put(stored.get().toBuilder().payload(group.payload()).promptTokens(group.promptTokens())
                            .completionTokens(group.completionTokens()).costUsd(group.costUsd()).build());
                    done.complete(true);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not make a judged question serve its group's answer", e);
                    done.complete(false);
                }
            });
        } catch (RejectedExecutionException e) {
            done.complete(false);
        }
        return done;
    }

    /** The text of an entry's answer, or null when it has none or cannot be read. */
    public static String answerText(CacheEntry entry) {
        try {
            ChatCompletionResponse response = readAnswer(entry.payload());
            return response.choices() == null || response.choices().isEmpty()
                    || response.firstChoice().message() == null ? null : response.firstChoice().message().text();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The test hook: waits until every store queued so far has been written and is visible to lookups. */
    public boolean awaitPendingWrites(Duration timeout) {
        // The writer is one thread in FIFO order: once a marker queued now has run, so has every earlier store.
        try {
            writer.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            return false;
        }
    }

    /** The entry as it will be stored; the vector is filled in on the writer thread when the semantic tier did not run. */
    private CacheEntry entry(CacheRequest request, float[] vector, Price price, ChatCompletionResponse response) {
        Usage usage = response.usage();
        long in = usage == null ? 0 : usage.promptTokens();
        long out = usage == null ? 0 : usage.completionTokens();
        Instant now = now();
        return CacheEntry.builder()
                .namespace(request.namespace().id())
                .tenant(request.tenant())
                .modelAlias(request.alias())
                .matchedText(request.normalisedText())
                .exactKey(request.exactKey())
                .vector(vector)
                .payload(encode(response))
                .promptTokens(in)
                .completionTokens(out)
                .costUsd(price.cost(in, out))
                .createdAt(now)
                .expiresAt(request.ttl() == null ? null : now.plus(request.ttl()))
                .build();
    }

    /**
     * Embeds the entry's text when it has no vector yet. A text too long to match by meaning stays
     * exact-only: its vector would stand for its head alone, and a short question close to that head
     * must not get its answer.
     */
    private CacheEntry withVector(CacheEntry draft) {
        if (draft.vector() != null || tooLongToMatchByMeaning(draft.matchedText())) {
            return draft;
        }
        while (!closing && deferEmbedding.getAsBoolean()) {
            LockSupport.parkNanos(DEFER_POLL_NANOS);
        }
        return draft.toBuilder().vector(embed(draft.matchedText())).build();
    }

    /** The entry as an answer; an entry whose payload cannot be read is deleted and counts as a miss. */
    private Optional<CachedAnswer> served(CacheEntry entry, Float similarity, Float probability, Instant now,
                                          boolean judged) {
        ChatCompletionResponse response;
        try {
            response = decode(entry.payload());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cache entry " + entry.id() + " cannot be read; deleting it", e);
            delete(entry.id());
            return Optional.empty();
        }
        counters.savedPromptTokens.add(entry.promptTokens());
        counters.savedCompletionTokens.add(entry.completionTokens());
        counters.savedCost.add(entry.costUsd());
        metrics.saved(entry.modelAlias(), entry.promptTokens(), entry.completionTokens());
        Duration age = Duration.between(entry.createdAt(), now);
        return Optional.of(new CachedAnswer(entry, response, similarity, probability,
                age.isNegative() ? Duration.ZERO : age, judged));
    }

    private float[] embed(String text) {
        long start = System.nanoTime();
        float[] vector = embedder.embed(text);
        metrics.embedded(Duration.ofNanos(System.nanoTime() - start));
        return vector;
    }

    /**
     * Whether the answer to {@code candidateText}, a question in the same namespace at {@code similarity}, may
     * be served for {@code request}: the semantic tier's rule (threshold and guards) for an answer not yet stored.
     */
    public boolean wouldServe(CacheRequest request, String candidateText, float similarity) {
        try {
            return SemanticCache.judge(request.normalisedText(), candidateText, similarity,
                    policy(request.threshold()), verifier).isEmpty();
        } catch (RuntimeException e) {
            // A verifier that fails must cost a miss (the request goes upstream itself), never the request.
            LOG.log(Level.WARNING, "judging an in-flight question failed; not following it", e);
            return false;
        }
    }

    /** The rule in force: the cosine threshold, or the verifier's rule while it is on. */
    private HitPolicy policy(double threshold) {
        CacheSettings now = settings.get();
        HitPolicy cosine = new HitPolicy(threshold, now.guards());
        return now.verifier().enabled() ? cosine.verifiedBy(now.verifier().rule()) : cosine;
    }

    // --- admin ---------------------------------------------------------------------------------------

    /** What {@code GET /admin/cache/stats} reports. */
    public record Stats(long entries, long bytesOnDisk, long evictions, long expiredPurged, long exactHits,
                        long semanticHits, long misses, long savedPromptTokens, long savedCompletionTokens,
                        double savedCostUsd, long wrongHitsReported) {
    }

    public Stats stats() {
        VectorIndex.Stats s = index.stats();
        return new Stats(s.entries(), s.bytesOnDisk(), s.evictions(), s.expiredPurged(),
                counters.exactHits.sum(), counters.semanticHits.sum(), counters.misses.sum(),
                counters.savedPromptTokens.sum(), counters.savedCompletionTokens.sum(), counters.savedCost.sum(),
                counters.wrongHits.sum());
    }

    public Optional<CacheEntry> entry(String id) {
        return index.get(id);
    }

    public boolean delete(String id) {
        // A queued write of this entry must not bring it back, nor keep serving it meanwhile.
        boolean wasPending = pending.values().removeIf(e -> e.id().equals(id));
        return index.delete(id) || wasPending;
    }

    public int deleteWhere(String alias, String tenant) {
        pending.values().removeIf(e -> (alias == null || alias.equals(e.modelAlias()))
                && (tenant == null || tenant.equals(e.tenant())));
        return index.deleteWhere(alias, tenant);
    }

    /** A wrong entry reported by a user: evicted and counted. Returns false when there is no such entry. */
    public boolean reportWrong(String id) {
        boolean deleted = delete(id);
        if (deleted) {
            counters.wrongHits.increment();
            metrics.wrongHitReported();
        }
        return deleted;
    }

    public void bypassed(String reason) {
        metrics.bypass(reason);
    }

    /** A store that load changed: {@code what} is a {@link Degradation} token, {@code cause} why. */
    void degraded(String what, String cause) {
        metrics.degraded(what, cause);
    }

    @Override
    public void close() {
        closing = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("cache writer did not finish in 10 s; some answers were not stored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.close();
        embedder.close();
        if (verifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not close the cache verifier", e);
            }
        }
    }

    private static byte[] encode(ChatCompletionResponse response) {
        try {
            return WireJson.mapper().writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an answer for the cache", e);
        }
    }

    /** The stored answer in {@code payload}, decoded once per array while the index holds the entry at hand. */
    private ChatCompletionResponse decode(byte[] payload) {
        ChatCompletionResponse known = decoded.getIfPresent(payload);
        if (known == null) {
            known = readAnswer(payload);
            decoded.put(payload, known);
        }
        return known;
    }

    private static ChatCompletionResponse readAnswer(byte[] payload) {
        try {
            return WireJson.mapper().readValue(payload, ChatCompletionResponse.class);
        } catch (IOException e) {
            throw new IllegalStateException("a cached answer could not be read", e);
        }
    }

    private static final class Counters {
        final LongAdder exactHits = new LongAdder();
        final LongAdder semanticHits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder savedPromptTokens = new LongAdder();
        final LongAdder savedCompletionTokens = new LongAdder();
        final DoubleAdder savedCost = new DoubleAdder();
        final LongAdder wrongHits = new LongAdder();
    }
}
