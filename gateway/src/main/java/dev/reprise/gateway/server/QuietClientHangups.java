package dev.reprise.gateway.server;

import io.helidon.common.buffers.DataReader;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps a client that closes its connection mid-headers from writing a WARNING with a stack trace into the
 * log: Helidon 4.5 reports that end of input as an internal error, so a flood of half-sent requests would be
 * a flood of stack traces. Such records are logged at FINE instead; every other record passes unchanged.
 */
public final class QuietClientHangups implements Filter {

    /** Helidon's HTTP/1 connection logger; held here because JUL keeps loggers (and their filter) weakly. */
    private static final Logger HTTP1 = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");

    private QuietClientHangups() {
    }

    /** Installs the filter on Helidon's HTTP/1 connection logger; idempotent. */
    public static synchronized void install() {
        if (!(HTTP1.getFilter() instanceof QuietClientHangups)) {
            HTTP1.setFilter(new QuietClientHangups());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!endOfInput(record.getThrown())) {
            return true;
        }
        HTTP1.log(Level.FINE, () -> "a client closed its connection mid-request: " + record.getThrown());
        return false;
    }

    static boolean endOfInput(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return true;
            }
        }
        return false;
    }
}
