package dev.reprise.gateway.cache;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.gateway.pipeline.SettledRequest;
import dev.reprise.gateway.pipeline.Stage;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.querylog.QueryRecord;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks the client's {@code x-reprise-intent} label and, with {@code cache.query-log} on, logs every request
 * that reached the cache lookup once its outcome is known: hit or miss, the entry that served or stored it,
 * the best similarity. Bypassed requests and requests refused before the lookup are not logged. It runs just
 * before the cache key stage, so its {@code after} sees what that stage stored.
 */
public final class QueryLogStage implements Stage {

    public static final String INTENT_HEADER = "x-reprise-intent";
    /** Long enough for a ticket category path, short enough that a label cannot carry a document. */
    public static final int MAX_INTENT_LENGTH = 128;

    private static final RequestContext.Key<String> INTENT = RequestContext.Key.of("querylog.intent", String.class);
    private static final RequestContext.Key<Instant> ARRIVED = RequestContext.Key.of("querylog.arrived", Instant.class);

    private final QueryLog log;

    /** @param log the log, or null when {@code cache.query-log} is off (the header is still checked) */
    public QueryLogStage(QueryLog log) {
        this.log = log;
    }

    @Override
    public String name() {
        return "query-log";
    }

    @Override
    public Optional<Outcome> before(RequestContext ctx) {
        // Checked whether or not the log is on, so turning it on never starts refusing a client's requests.
        Optional<String> intent = ctx.header(INTENT_HEADER).map(QueryLogStage::intent);
        if (log != null) {
            intent.filter(s -> !s.isEmpty()).ifPresent(label -> ctx.attribute(INTENT, label));
            ctx.attribute(ARRIVED, log.now());
        }
        return Optional.empty();
    }

    @Override
    public void onSettled(RequestContext ctx, SettledRequest settled) {
        Optional<CacheRequest> looked = ctx.attribute(CacheKeyStage.CACHE_REQUEST).filter(CacheRequest::lookup);
        if (log == null || looked.isEmpty()) {
            return;
        }
        SettledRequest.CacheFacts facts = settled.cache();
        // A miss's entry is the one its answer was stored under: the key stage settled just before this one.
        String entry = settled.cacheHit() ? facts.entry() : ctx.attribute(CacheKeyStage.STORED).orElse(null);
        CacheRequest key = looked.get();
        Instant arrived = ctx.attribute(ARRIVED).orElseThrow();
        log.record(new QueryRecord(arrived, ctx.requestId(), key.alias(), key.tenant(), key.namespace().id(),
                settled.prompt(), facts.tier().label(), entry, facts.similarity(), ctx.attribute(INTENT).orElse(null)));
    }

    /** The label, stripped; empty counts as none. Printable ASCII only, so it reads the same in every log and shell. */
    static String intent(String header) {
        String label = header.strip();
        if (label.length() > MAX_INTENT_LENGTH) {
            throw invalid("must be at most " + MAX_INTENT_LENGTH + " characters, got " + label.length());
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw invalid("must be printable ASCII (letters, digits, spaces and punctuation); character "
                        + (i + 1) + " is not");
            }
        }
        return label;
    }

    private static RuntimeException invalid(String problem) {
        return GatewayError.invalidRequest("Header " + INTENT_HEADER + " " + problem + ".", INTENT_HEADER)
                .toException();
    }
}
