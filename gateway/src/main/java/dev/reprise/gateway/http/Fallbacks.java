package dev.reprise.gateway.http;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.error.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answers for requests no service handled and for exceptions that escaped one: all OpenAI-shaped,
 * none with a stack trace. Unexpected exceptions are logged here, once, with the request id.
 */
public final class Fallbacks {

    private static final Logger LOG = Logger.getLogger(Fallbacks.class.getName());

    private Fallbacks() {
    }

    /** 404 for a path no service serves. */
    public static Handler unknownPath() {
        return (req, res) -> ErrorResponder.send(req, res,
                GatewayError.unknownPath(req.prologue().method().text(), req.path().absolute().path()));
    }

    /** 405 for a known path called with the wrong method. */
    public static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            ErrorResponder.send(req, res, GatewayError.methodNotAllowed(req.prologue().method().text(),
                    req.path().absolute().path(), allowed));
        };
    }

    /** A {@link GatewayException} thrown by a handler: answered as its error. */
    public static ErrorHandler<GatewayException> gatewayErrors() {
        return (req, res, e) -> sendIfPossible(req, res, e.error());
    }

    /** Anything else: logged with its stack trace, answered as a plain 500. */
    public static ErrorHandler<Throwable> unexpected() {
        return (req, res, e) -> {
            String id = RequestIdFilter.requestId(req);
            LOG.log(Level.SEVERE, "request " + id + " (" + req.prologue().method().text() + " "
                    + req.path().absolute().path() + ") failed", e);
            sendIfPossible(req, res, GatewayError.internal(id));
        };
    }

    private static void sendIfPossible(ServerRequest req, ServerResponse res, GatewayError error) {
        if (res.isSent()) {
            return;
        }
        ErrorResponder.send(req, res, error);
    }
}
