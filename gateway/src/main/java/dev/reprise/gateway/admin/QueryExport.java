package dev.reprise.gateway.admin;

import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.querylog.ExportFilter;
import dev.reprise.gateway.querylog.QueryLog;
import dev.reprise.gateway.querylog.StreamExport;
import dev.reprise.models.catalogue.ModelCatalogue;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /admin/cache/export}: the query log as the cache evaluator's stream file, streamed as
 * {@code application/x-ndjson}. Every query parameter is checked before the first byte is sent, so a
 * mistake is a clear 400 rather than a silently wider export.
 */
final class QueryExport {

    private static final Logger LOG = Logger.getLogger(QueryExport.class.getName());
    static final String CONTENT_TYPE = "application/x-ndjson";
    private static final Set<String> PARAMS = Set.of("model", "tenant", "namespace", "since", "until", "format",
            "labelled");

    private final QueryLog log;
    private final ModelCatalogue catalogue;

    /** @param log null when {@code cache.query-log} is off: every export then answers 409 saying how to turn it on */
    QueryExport(QueryLog log, ModelCatalogue catalogue) {
        this.log = log;
        this.catalogue = catalogue;
    }

    void handle(ServerRequest req, ServerResponse res) {
        if (log == null) {
            throw new GatewayError(409, GatewayError.INVALID_REQUEST, "query_log_disabled", null,
                    "The query log is off, so there is nothing to export. Set cache.query-log.enabled: true in the "
                            + "gateway config and restart; queries that reach the cache from then on are kept.",
                    null).toException();
        }
        ExportFilter filter = filter(req.query());
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        try (OutputStream out = res.outputStream()) {
            new StreamExport(log.reader()).write(filter, out);
        } catch (IOException | RuntimeException e) {
            // The status line is gone; all we can do is cut the body short and say why in the log.
            LOG.log(Level.WARNING, "the query log export stopped early", e);
        }
    }

    private ExportFilter filter(Parameters query) {
        for (String name : query.names()) {
            if (!PARAMS.contains(name)) {
                throw bad(name, "Unknown query parameter " + ClientValue.quote(name) + "; expected model, tenant, namespace, since, "
                        + "until, labelled or format.");
            }
        }
        String format = single(query, "format").orElse("stream");
        if (!format.equals("stream")) {
            throw bad("format", "format must be 'stream' (the evaluator's {\"q\", \"intent\"} lines), got "
                    + ClientValue.quote(format) + ".");
        }
        Optional<String> model = single(query, "model");
        model.ifPresent(alias -> catalogue.find(alias)
                .orElseThrow(() -> GatewayError.modelNotFound(alias).toException()));
        Instant since = single(query, "since").map(v -> instant("since", v)).orElse(null);
        Instant until = single(query, "until").map(v -> instant("until", v)).orElse(null);
        if (since != null && until != null && !since.isBefore(until)) {
            throw bad("until", "until must be later than since.");
        }
        boolean labelled = single(query, "labelled").map(QueryExport::bool).orElse(false);
        return new ExportFilter(model.orElse(null), single(query, "tenant").orElse(null),
                single(query, "namespace").orElse(null), since, until, labelled);
    }

    private static Optional<String> single(Parameters query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        if (query.all(name).size() > 1) {
            throw bad(name, "Give " + name + " once.");
        }
        String value = query.get(name).strip();
        if (value.isEmpty()) {
            throw bad(name, name + " must not be empty.");
        }
        return Optional.of(value);
    }

    /** An ISO-8601 instant ({@code 2025-06-01T08:00:00Z}) or a date ({@code 2025-06-01}, midnight UTC). */
    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(name, name + " must be an ISO-8601 time such as 2025-06-01T08:00:00Z or a date such as "
                    + "2025-06-01, got " + ClientValue.quote(value) + ".");
        }
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad("labelled", "labelled must be true or false, got " + ClientValue.quote(value) + ".");
        };
    }

    private static RuntimeException bad(String param, String message) {
        return GatewayError.invalidRequest(message, param).toException();
    }
}
