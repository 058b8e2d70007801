package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.gateway.auth.Authenticator;
import dev.reprise.gateway.auth.Caller;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.ledger.Feedback;
import dev.reprise.gateway.ledger.FeedbackReceipt;
import dev.reprise.gateway.ledger.FeedbackRecorder;
import dev.reprise.gateway.ledger.LedgerException;
import dev.reprise.gateway.metrics.FeedbackMetrics;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/feedback}: a client reports how one of its answers worked out (a score, a label), so A/B variants
 * can be compared on outcomes. Needs the same key as the chat endpoint, and rates only the caller's tenant's
 * requests; the feedback is in the ledger when the answer is 200.
 */
public final class FeedbackService implements HttpService {

    static final String PATH = "/feedback";
    /** A score, a label and a comment of at most 1,000 characters fit well within this. */
    static final long MAX_BODY = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(FeedbackService.class.getName());

    private final Authenticator authenticator;
    private final FeedbackRecorder recorder;
    private final FeedbackMetrics metrics;

    /** @param recorder the usage ledger, or null when it is off (feedback is then refused with 409) */
    FeedbackService(Authenticator authenticator, FeedbackRecorder recorder, FeedbackMetrics metrics) {
        this.authenticator = authenticator;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH, this::handle);
        rules.any(PATH, Fallbacks.methodNotAllowed("POST"));
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        byte[] body = BodyReader.read(req, MAX_BODY);
        if (recorder == null) {
            throw GatewayError.ledgerDisabled().toException();
        }
        Feedback feedback = FeedbackBody.read(body, caller);
        FeedbackReceipt receipt;
        try {
            receipt = recorder.record(feedback)
                    .orElseThrow(() -> GatewayError.requestNotFound(feedback.requestId()).toException());
        } catch (LedgerException e) {
            String id = RequestIdFilter.requestId(req);
            LOG.log(Level.WARNING, "request " + id + ": feedback not recorded: " + e.getMessage());
            throw GatewayError.ledgerUnavailable(id).toException();
        }
        metrics.recorded(receipt.variantAlias(), receipt.variant(), feedback.score());
        ObjectNode out = WireJson.mapper().createObjectNode();
        out.put("object", "feedback");
        out.put("request_id", receipt.requestId());
        out.put("model", receipt.model());
        out.put("variant", receipt.variant());
        if (feedback.score() == null) {
            out.putNull("score");
        } else {
            out.put("score", feedback.score());
        }
        out.put("label", feedback.label());
        out.put("replaced", receipt.replaced());
        try {
            res.status(200);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(WireJson.mapper().writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a feedback answer is always serialisable", e);
        }
    }
}
