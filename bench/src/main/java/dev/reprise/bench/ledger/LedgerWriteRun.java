package dev.reprise.bench.ledger;

import dev.reprise.gateway.ledger.LedgerSettings;
import dev.reprise.gateway.ledger.UsageLedger;
import dev.reprise.gateway.pipeline.OpaqueIds;
import dev.reprise.gateway.pipeline.SettledRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast the SQLite usage ledger writes rows as its table grows: {@code --rows N} (default 300,000) settled
 * requests, one per millisecond of a made-up clock, with request ids as the gateway makes them, written in batches of
 * 1,000 ({@link UsageLedger#flush} after each, as the writer drains its queue under load); prints the rows per second
 * of every 50,000 rows. One writer, nothing else running: the ceiling of the ledger, not of a busy gateway's.
 */
public final class LedgerWriteRun {

    static final int STEP = 50_000;
    private static final int BATCH = 1_000;
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private LedgerWriteRun() {
    }

    public static void main(String[] args) throws IOException {
        int rows = 300_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: LedgerWriteRun [--rows N]");
            }
        }
        List<Long> rates = run(Files.createTempDirectory("reprise-ledger-"), rows);
        System.out.println("ledger rows/s per " + STEP + " rows: " + rates);
    }

    /** Writes {@code rows} rows into a new ledger in {@code dir}; the rows per second of each step of 50,000. */
    static List<Long> run(Path dir, int rows) {
        LedgerSettings settings = new LedgerSettings(true, null, LedgerSettings.DEFAULT_RETENTION, false,
                Duration.ofSeconds(1), LedgerSettings.DEFAULT_QUEUE_CAPACITY);
        List<Long> rates = new ArrayList<>();
        try (UsageLedger ledger = UsageLedger.open(settings, dir.resolve("ledger.db"), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            long stepStart = System.nanoTime();
            for (int i = 1; i <= rows; i++) {
                Instant at = T0.plusMillis(i);
                ledger.settled(request("req_" + OpaqueIds.timeOrdered(at.toEpochMilli()), at));
                if (i % BATCH == 0 || i == rows) {
                    ledger.flush();
                }
                if (i % STEP == 0 || i == rows) {
                    long now = System.nanoTime();
                    int inStep = i % STEP == 0 ? STEP : i % STEP;
                    rates.add(Math.round(inStep / ((now - stepStart) / 1e9)));
                    stepStart = now;
                }
            }
            if (ledger.dropped() > 0) {
                throw new IllegalStateException(ledger.dropped() + " rows dropped: the run measured less than it wrote");
            }
        }
        return rates;
    }

    // A cache miss's row, as the gateway settles one.
    private static SettledRequest request(String id, Instant at) {
        return new SettledRequest(id, at, "acme", "key-1", "support", "support", null, null, "openai-1", "openai",
                "gpt-4o-mini", 1, null, new SettledRequest.CacheFacts(SettledRequest.CacheTier.MISS, 0.71f, null, null,
                false), 200, null, Duration.ofMillis(412), null,
                new SettledRequest.Tokens(120, 80, SettledRequest.TokenSource.PROVIDER), 0.00021, 0, false, null, null,
                SettledRequest.Kind.CHAT);
    }
}
