package dev.reprise.bench.compare;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code ./reprise compare}, parsed and validated; messages name the option and the value.
 *
 * @param input       the JSONL file of requests
 * @param models      the aliases to run, in column order
 * @param reference   the alias whose answers the others are compared with (the first of {@code models} by default)
 * @param system      a system prompt for lines that carry only a question ({@code q} lines, exported rows)
 * @param config      the gateway config to start in-process, or with {@code url} only to price answers and find
 *                    variants
 * @param url         a running gateway's root URL, or null to start one in-process
 * @param key         the API key to send, or null in open mode
 * @param variants    run each A/B variant of the named aliases as its own column
 * @param concurrency requests in flight at once
 * @param out         where results and reports go; a rerun on the same folder skips what is done
 * @param stream      send streamed requests (with usage), which gives the time to first token
 * @param similarAt   the similarity at or above which an answer counts as alike the reference's
 * @param timeout     how long one request may take
 * @param retryErrors run again the requests whose stored result is an error
 * @param warmup      unrecorded requests per arm before the measured ones, so the first measured one does not pay
 *                    for connections and a cold JVM
 * @param judge       the alias that scores answers against {@code rubric}, or null
 * @param rubric      the rubric file the judge reads, or null
 */
public record CompareOptions(Path input, List<String> models, String reference, String system, Path config, URI url,
                             String key, boolean variants, int concurrency, Path out, boolean stream, double similarAt,
                             Duration timeout, boolean retryErrors, int warmup, String judge, Path rubric) {

    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_CONCURRENCY = 64;
    public static final double DEFAULT_SIMILAR_AT = 0.9;
    public static final int DEFAULT_WARMUP = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final Path DEFAULT_OUT = Path.of("compare-out");

    public static final String USAGE = """
            usage: reprise compare --models A,B[,C...] [options] FILE
              FILE                   JSONL requests, one per line: OpenAI chat bodies, {"q": "..."} lines, rows of
                                     GET /admin/requests (or a whole page of it), or query-log export lines
              --models A,B,...       the aliases to run every request on (the first is the reference)
              --reference ALIAS      compare answers with this alias's instead of the first's
              --system TEXT          system prompt for q lines and exported rows (which carry only the question)
              --config FILE          start the gateway in-process on this config (default ./reprise.yaml, else
                                     the built-in one); with --url, only read prices and variants from it
              --url URL --key K      use a running gateway instead (--key also for an in-process one with keys)
              --variants             one column per A/B variant of each alias that has some (needs the config)
              --concurrency N        requests in flight (default %d, at most %d)
              --out DIR              results and reports (default %s); a rerun skips what is done
              --no-stream            plain requests: no time to first token (default: streamed, with usage)
              --similar-at X         similarity counted as alike (default %s)
              --timeout SECONDS      per request (default %d)
              --retry-errors         run again what failed last time
              --warmup N             unrecorded requests per alias before measuring (default %d; each is a paid call)
              --judge ALIAS --rubric FILE   the judge alias scores each answer 1-5 against the rubric
            """.formatted(DEFAULT_CONCURRENCY, MAX_CONCURRENCY, DEFAULT_OUT, DEFAULT_SIMILAR_AT,
            DEFAULT_TIMEOUT.toSeconds(), DEFAULT_WARMUP);

    public CompareOptions {
        models = List.copyOf(models);
    }

    /** The arm whose answers the others are measured against. */
    public String referenceAlias() {
        return reference != null ? reference : models.getFirst();
    }

    public boolean inProcess() {
        return url == null;
    }

    public static CompareOptions parse(String... args) {
        Path input = null;
        List<String> models = List.of();
        String reference = null;
        String system = null;
        Path config = null;
        URI url = null;
        String key = null;
        boolean variants = false;
        int concurrency = DEFAULT_CONCURRENCY;
        Path out = DEFAULT_OUT;
        boolean stream = true;
        double similarAt = DEFAULT_SIMILAR_AT;
        Duration timeout = DEFAULT_TIMEOUT;
        boolean retryErrors = false;
        int warmup = DEFAULT_WARMUP;
        String judge = null;
        Path rubric = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--models" -> models = aliases(value(args, ++i, arg));
                case "--reference" -> reference = value(args, ++i, arg).strip();
                case "--system" -> system = value(args, ++i, arg);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--url" -> url = url(value(args, ++i, arg));
                case "--key" -> key = value(args, ++i, arg);
                case "--variants" -> variants = true;
                case "--concurrency" -> concurrency = integer(arg, value(args, ++i, arg), 1, MAX_CONCURRENCY);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--no-stream" -> stream = false;
                case "--stream" -> stream = true;
                case "--similar-at" -> similarAt = fraction(arg, value(args, ++i, arg));
                case "--timeout" -> timeout = Duration.ofSeconds(integer(arg, value(args, ++i, arg), 1, 3600));
                case "--retry-errors" -> retryErrors = true;
                case "--warmup" -> warmup = integer(arg, value(args, ++i, arg), 0, 10);
                case "--judge" -> judge = value(args, ++i, arg).strip();
                case "--rubric" -> rubric = Path.of(value(args, ++i, arg));
                case "--input" -> input = Path.of(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new CompareException("unknown option " + arg);
                    }
                    if (input != null) {
                        throw new CompareException("one input file only, got " + input + " and " + arg);
                    }
                    input = Path.of(arg);
                }
            }
        }
        if (models.isEmpty()) {
            throw new CompareException("--models is required: the aliases to compare, such as --models mock,other");
        }
        if (input == null) {
            throw new CompareException("no input file: give a JSONL file of requests");
        }
        if (!Files.isRegularFile(input)) {
            throw new CompareException("input file " + input + " does not exist");
        }
        if (reference != null && !models.contains(reference)) {
            throw new CompareException("--reference " + reference + " is not one of --models " + String.join(",", models));
        }
        if ((judge == null) != (rubric == null)) {
            throw new CompareException("--judge and --rubric go together: the judge alias and the rubric file it reads");
        }
        if (rubric != null && !Files.isRegularFile(rubric)) {
            throw new CompareException("--rubric " + rubric + " does not exist");
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new CompareException("--config " + config + " does not exist");
        }
        if (variants && url != null && config == null) {
            throw new CompareException("--variants with --url needs --config: the variants and weights come from it");
        }
        return new CompareOptions(input, models, reference, system, config, url, key, variants, concurrency, out,
                stream, similarAt, timeout, retryErrors, warmup, judge, rubric);
    }

    private static List<String> aliases(String value) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String alias = part.strip();
            if (alias.isEmpty()) {
                throw new CompareException("--models has an empty alias: " + value);
            }
            if (!out.add(alias)) {
                throw new CompareException("--models names " + alias + " twice");
            }
        }
        return new ArrayList<>(out);
    }

    private static URI url(String value) {
        String trimmed = value.strip().replaceAll("/+$", "");
        try {
            URI uri = URI.create(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the value.
        }
        throw new CompareException("--url must be an http(s) URL such as http://127.0.0.1:8080, got " + value);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new CompareException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new CompareException(option + " must be a whole number from " + min + " to " + max + ", got " + value);
    }

    private static double fraction(String option, String value) {
        try {
            double x = Double.parseDouble(value.strip());
            if (x >= -1 && x <= 1) {
                return x;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new CompareException(option + " must be a similarity between -1 and 1, got " + value);
    }
}
