package dev.reprise.gateway.server;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.logging.Logger;

/**
 * The number of client connections the listener may hold, kept below what the process's open-files limit
 * allows. Helidon 4.5 closes its listener for good when {@code accept()} fails, as it does with "Too many open
 * files"; since Helidon takes a connection slot before it accepts, a cap the file limit can cover means
 * accepting never runs out of descriptors: extra clients wait in the listen backlog instead.
 */
public final class ConnectionCap {

    /** Descriptors left for everything but client sockets: jars, index and log files, upstream pools. */
    static final long RESERVED_DESCRIPTORS = 256;
    /** A client's socket, plus the upstream socket its request may hold while it is answered. */
    static final long DESCRIPTORS_PER_CONNECTION = 2;

    private static final Logger LOG = Logger.getLogger(ConnectionCap.class.getName());

    private ConnectionCap() {
    }

    /**
     * {@code configured}, or less when {@code maxDescriptors} (the process's limit, with {@code open} already
     * in use) cannot cover that many connections; never less than 1.
     */
    static int effective(int configured, long maxDescriptors, long open) {
        long spare = maxDescriptors - open - RESERVED_DESCRIPTORS;
        long affordable = Math.max(1, spare / DESCRIPTORS_PER_CONNECTION);
        return (int) Math.min(configured, affordable);
    }

    /** The cap for this process, with a warning naming the limit when it is below {@code configured}. */
    public static int forThisProcess(int configured) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return configured;
        }
        long max = unix.getMaxFileDescriptorCount();
        long open = unix.getOpenFileDescriptorCount();
        int cap = effective(configured, max, open);
        if (cap < configured) {
            LOG.warning("server.max-connections " + configured + " lowered to " + cap + ": this process may open "
                    + max + " files (ulimit -n) and has " + open + " open; raise the limit to allow more connections");
        }
        return cap;
    }
}
