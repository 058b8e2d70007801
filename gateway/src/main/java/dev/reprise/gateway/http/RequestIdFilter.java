package dev.reprise.gateway.http;

import dev.reprise.gateway.pipeline.OpaqueIds;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gives every request an id and puts it on every response, errors and streams included: the client's
 * {@code x-request-id} when it is sane (so ids follow a request across services), else a fresh one.
 */
public final class RequestIdFilter implements Filter {

    public static final HeaderName X_REQUEST_ID = HeaderNames.create("x-request-id");

    /** The longest request id the gateway takes from a client (and so can hold in its ledger). */
    public static final int MAX_LENGTH = 128;
    /** Sane: short, and nothing that could forge a header or a log line. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1," + MAX_LENGTH + "}");
    private static final String CONTEXT_KEY = RequestIdFilter.class.getName();

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = sanitize(req.headers().first(X_REQUEST_ID)).orElseGet(RequestIdFilter::generate);
        req.context().register(CONTEXT_KEY, id);
        res.header(X_REQUEST_ID, id);
        chain.proceed();
    }

    /** The id the filter gave this request (a fresh one if the filter did not run). */
    public static String requestId(ServerRequest req) {
        return req.context().get(CONTEXT_KEY, String.class).orElseGet(() -> {
            String id = generate();
            req.context().register(CONTEXT_KEY, id);
            return id;
        });
    }

    /** Whether {@code id} is one the gateway could have given a request (its own, or a client's it kept). */
    public static boolean isSane(String id) {
        return SANE.matcher(id).matches();
    }

    static Optional<String> sanitize(Optional<String> candidate) {
        return candidate.map(String::strip).filter(s -> SANE.matcher(s).matches());
    }

    static String generate() {
        return "req_" + OpaqueIds.timeOrdered(System.currentTimeMillis());
    }
}
