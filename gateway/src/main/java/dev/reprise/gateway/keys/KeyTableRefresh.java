package dev.reprise.gateway.keys;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Refreshes a node's virtual keys from the shared key table every {@code key-store.refresh-interval}, the bound on
 * how stale they are while PostgreSQL answers. When it does not, the node goes on authenticating from the keys it
 * last read; the loss and the return are each logged once.
 */
public final class KeyTableRefresh implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyTableRefresh.class.getName());

    private final VirtualKeys keys;
    private final ScheduledExecutorService timer;
    /** Timer thread only: whether the last refresh failed. */
    private boolean failing;

    private KeyTableRefresh(VirtualKeys keys) {
        this.keys = keys;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-key-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Refreshes {@code keys} every {@code interval} from now on, until closed. */
    public static KeyTableRefresh start(VirtualKeys keys, Duration interval) {
        KeyTableRefresh refresh = new KeyTableRefresh(keys);
        long every = interval.toNanos();
        refresh.timer.scheduleWithFixedDelay(refresh::run, every, every, TimeUnit.NANOSECONDS);
        return refresh;
    }

    void run() {
        try {
            int changed = keys.refresh();
            if (failing) {
                failing = false;
                LOG.info("virtual keys: the shared key table is read again (" + changed + " keys changed meanwhile)");
            }
        } catch (KeyStoreUnavailable | KeyStoreException e) {
            if (!failing) {
                failing = true;
                LOG.warning("virtual keys: cannot refresh from the shared key table (" + e.getMessage() + "): "
                        + "requests are authenticated from this node's copy as of " + keys.refreshedAt()
                        + ", and /admin/keys changes answer 503 until it is back");
            }
        } catch (RuntimeException e) {
            // Never let one bad refresh end the schedule.
            LOG.warning("virtual keys: refresh failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
