package dev.reprise.bench.hostile;

import java.nio.file.Path;

/**
 * Options of {@code ./reprise bench hostile}: how many requests, the seed and the concurrency, and either the URL and
 * keys of a running gateway or nothing (the run starts its own, with keys, limits, guardrails and the ledger on).
 */
record HostileOptions(int requests, long seed, int concurrency, String url, String key, String adminKey,
                      long maxBody, Path root, Path out) {

    static final int DEFAULT_REQUESTS = 10_000;
    static final long DEFAULT_SEED = 19;
    static final int DEFAULT_CONCURRENCY = 4;
    static final String USAGE = """
            Usage: ./reprise bench hostile [--requests N] [--seed S] [--concurrency C] [--out DIR]
                                           [--url URL --key K [--admin-key A] [--max-body BYTES]]
              Sends N (default 10000) hostile requests from the seeded corpus and reports answers by status class,
              every 5xx with its family, whether /health and a plain chat still work after, and (for the gateway
              it starts itself, without --url) its RSS before and after. Writes DIR/hostile-<date>.md
              (default bench/results).""";

    static HostileOptions parse(String[] args) {
        int requests = DEFAULT_REQUESTS;
        long seed = DEFAULT_SEED;
        int concurrency = DEFAULT_CONCURRENCY;
        String url = null;
        String key = null;
        String adminKey = null;
        long maxBody = dev.reprise.testing.hostile.HostileTarget.DEFAULT_MAX_BODY;
        Path root = Path.of(System.getProperty("reprise.root", ".")).toAbsolutePath().normalize();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--requests" -> requests = positive(a, v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--concurrency" -> concurrency = positive(a, v);
                case "--url" -> url = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                case "--key" -> key = v;
                case "--admin-key" -> adminKey = v;
                case "--max-body" -> maxBody = positive(a, v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new HostileOptions(requests, seed, concurrency, url, key, adminKey, maxBody, root,
                out == null ? root.resolve("bench/results") : out);
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, got '" + value + "'");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be a positive integer, got '" + value + "'");
        }
        return n;
    }
}
