package dev.reprise.bench.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds the evaluation suite from the public datasets, deterministically for a seed: intent streams in a shuffled
 * arrival order, same-intent and sibling-intent pairs, and the Redis LangCache pairs, each split into TUNE
 * (BANKING77 train, CLINC150 train+val, half the Redis pairs) and HELD_OUT (BANKING77 test, CLINC150 test, the other
 * half). The datasets are read, never copied: the JSONL goes to a build folder and is rebuilt on demand.
 *
 * <p>Run: {@code java -cp bench/target/reprise-bench.jar:bench/target/lib/* dev.reprise.bench.eval.EvalData
 * [--datasets DIR] [--out DIR] [--seed N] [--stream-size N] [--pairs N]}.
 */
public final class EvalData {

    /** Queries per stream: with embeddings the only costly step, this keeps a two-model run to a few minutes. */
    public static final int DEFAULT_STREAM_SIZE = 3000;
    /** Positive and, separately, negative pairs per intent dataset and split. */
    public static final int DEFAULT_PAIRS = 500;
    public static final long DEFAULT_SEED = 7;
    /** Out-of-scope queries added to a CLINC150 stream, as a share of its in-scope queries; none of them may hit. */
    static final double OUT_OF_SCOPE_SHARE = 0.05;

    // Words of BANKING77 intent names too common to make two intents siblings.
    private static final Set<String> NAME_STOPWORDS = Set.of("or", "by", "of", "on", "via", "my", "and", "to", "into",
            "after", "about", "for", "why", "get", "getting", "not", "up", "a", "the");

    private final PublicDatasets datasets;
    private final long seed;
    private final int streamSize;
    private final int pairs;

    public EvalData(PublicDatasets datasets, long seed, int streamSize, int pairs) {
        this.datasets = datasets;
        this.seed = seed;
        this.streamSize = streamSize;
        this.pairs = pairs;
    }

    public static void main(String[] args) {
        Path datasets = defaultDatasets();
        Path out = defaultOut();
        long seed = DEFAULT_SEED;
        int streamSize = DEFAULT_STREAM_SIZE;
        int pairs = DEFAULT_PAIRS;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--datasets" -> { datasets = Path.of(value); i++; }
                case "--out" -> { out = Path.of(value); i++; }
                case "--seed" -> { seed = Long.parseLong(value); i++; }
                case "--stream-size" -> { streamSize = Integer.parseInt(value); i++; }
                case "--pairs" -> { pairs = Integer.parseInt(value); i++; }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; allowed: --datasets DIR --out DIR --seed N --stream-size N --pairs N");
            }
        }
        EvalSuite suite = new EvalData(new PublicDatasets(datasets), seed, streamSize, pairs).build(out);
        System.out.println("wrote the evaluation suite to " + suite.dir());
    }

    /** {@code <project root>/../shared/datasets}, the project root being the folder holding {@code bench/}. */
    public static Path defaultDatasets() {
        return projectRoot().resolve("..").resolve("shared").resolve("datasets").normalize();
    }

    public static Path defaultOut() {
        return projectRoot().resolve("bench").resolve("target").resolve("eval-data");
    }

    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("bench")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return here;
    }

    /** Writes every file of the suite under {@code out} and returns it. */
    public EvalSuite build(Path out) {
        EvalSuite suite = new EvalSuite(out);
        List<StreamQuery> bankTune = datasets.banking77("train");
        List<StreamQuery> bankTest = datasets.banking77("test");
        List<StreamQuery> clincTune = concat(datasets.clinc150("train"), datasets.clinc150("val"));
        List<StreamQuery> clincTest = datasets.clinc150("test");
        List<StreamQuery> oosTune = concat(datasets.clinc150("oos_train"), datasets.clinc150("oos_val"));
        List<StreamQuery> oosTest = datasets.clinc150("oos_test");
        Map<String, Set<String>> bankSiblings = siblingsByNameWords(intents(bankTune));
        Map<String, Set<String>> clincSiblings = siblingsByDomain(datasets.clinc150Domains());

        for (EvalSuite.Split split : EvalSuite.Split.values()) {
            boolean tune = split == EvalSuite.Split.TUNE;
            Random random = new Random(seed * 31 + split.ordinal());
            List<StreamQuery> bank = tune ? bankTune : bankTest;
            List<StreamQuery> clinc = tune ? clincTune : clincTest;
            Jsonl.write(suite.stream(split, "banking77"), sample(bank, streamSize, random));
            Jsonl.write(suite.stream(split, "clinc150"), withOutOfScope(sample(clinc, streamSize, random),
                    tune ? oosTune : oosTest, random));
            Jsonl.write(suite.pairs(split, "banking77"), intentPairs(bank, bankSiblings, random));
            Jsonl.write(suite.pairs(split, "clinc150"), intentPairs(clinc, clincSiblings, random));
        }
        List<List<LabelledPair>> redis = halves(datasets.redisPairs(), new Random(seed));
        Jsonl.write(suite.pairs(EvalSuite.Split.TUNE, "redis"), redis.get(0));
        Jsonl.write(suite.pairs(EvalSuite.Split.HELD_OUT, "redis"), redis.get(1));
        return suite;
    }

    /** A seeded random sample of at most {@code size} queries, in a random arrival order. */
    static List<StreamQuery> sample(List<StreamQuery> queries, int size, Random random) {
        List<StreamQuery> copy = new ArrayList<>(queries);
        Collections.shuffle(copy, random);
        return new ArrayList<>(copy.subList(0, Math.min(size, copy.size())));
    }

    /** Mixes in out-of-scope queries, each its own intent, so that any hit on or by one counts as wrong. */
    static List<StreamQuery> withOutOfScope(List<StreamQuery> stream, List<StreamQuery> oos, Random random) {
        List<StreamQuery> pool = new ArrayList<>(oos);
        Collections.shuffle(pool, random);
        int count = Math.min(pool.size(), (int) Math.round(stream.size() * OUT_OF_SCOPE_SHARE));
        List<StreamQuery> out = new ArrayList<>(stream);
        for (int i = 0; i < count; i++) {
            out.add(new StreamQuery(pool.get(i).q(), PublicDatasets.OUT_OF_SCOPE + ":" + i));
        }
        Collections.shuffle(out, random);
        return out;
    }

    /**
     * Half positives (two queries of one intent), half hard negatives (one query each of two sibling intents; an
     * intent without siblings is paired with a random other intent).
     */
    List<LabelledPair> intentPairs(List<StreamQuery> queries, Map<String, Set<String>> siblings, Random random) {
        Map<String, List<String>> byIntent = new LinkedHashMap<>();
        for (StreamQuery q : queries) {
            byIntent.computeIfAbsent(q.intent(), k -> new ArrayList<>()).add(q.q());
        }
        List<String> intents = new ArrayList<>(byIntent.keySet());
        List<LabelledPair> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int attempts = 0; out.size() < pairs && attempts < pairs * 20; attempts++) {
            StreamQuery first = queries.get(random.nextInt(queries.size()));
            List<String> same = byIntent.get(first.intent());
            String other = same.get(random.nextInt(same.size()));
            if (!other.equals(first.q()) && seen.add(first.q() + "\u0000" + other)) {
                out.add(new LabelledPair(first.q(), other, true));
            }
        }
        int positives = out.size();
        for (int attempts = 0; out.size() < positives + pairs && attempts < pairs * 20; attempts++) {
            StreamQuery first = queries.get(random.nextInt(queries.size()));
            List<String> near = new ArrayList<>(siblings.getOrDefault(first.intent(), Set.of()));
            near.retainAll(byIntent.keySet());
            String otherIntent = near.isEmpty() ? intents.get(random.nextInt(intents.size()))
                    : near.get(random.nextInt(near.size()));
            if (otherIntent.equals(first.intent())) {
                continue;
            }
            List<String> pool = byIntent.get(otherIntent);
            String other = pool.get(random.nextInt(pool.size()));
            if (seen.add(first.q() + "\u0000" + other)) {
                out.add(new LabelledPair(first.q(), other, false));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** Intents whose names share a content word (card_arrival ~ card_delivery_estimate), plural folded. */
    static Map<String, Set<String>> siblingsByNameWords(List<String> intents) {
        Map<String, Set<String>> words = new LinkedHashMap<>();
        for (String intent : intents) {
            Set<String> w = new HashSet<>();
            for (String part : intent.toLowerCase(Locale.ROOT).replace("?", "").split("_")) {
                String stem = part.endsWith("s") && part.length() > 3 ? part.substring(0, part.length() - 1) : part;
                if (!NAME_STOPWORDS.contains(stem) && !stem.isEmpty()) {
                    w.add(stem);
                }
            }
            words.put(intent, w);
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String a : intents) {
            Set<String> siblings = new HashSet<>();
            for (String b : intents) {
                if (!a.equals(b) && !Collections.disjoint(words.get(a), words.get(b))) {
                    siblings.add(b);
                }
            }
            out.put(a, siblings);
        }
        return out;
    }

    /** Intents of one CLINC150 domain are each other's siblings. */
    static Map<String, Set<String>> siblingsByDomain(Map<String, List<String>> domains) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (List<String> intents : domains.values()) {
            for (String a : intents) {
                Set<String> s = new HashSet<>(intents);
                s.remove(a);
                out.put(a, s);
            }
        }
        return out;
    }

    /**
     * Splits pairs in two halves by their first query, so that a query's positive and its near-miss negative
     * (the Redis file lists them together) never straddle the tune / held-out wall.
     */
    static List<List<LabelledPair>> halves(List<LabelledPair> pairs, Random random) {
        Map<String, List<LabelledPair>> groups = new LinkedHashMap<>();
        for (LabelledPair p : pairs) {
            groups.computeIfAbsent(p.a().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
        }
        List<List<LabelledPair>> order = new ArrayList<>(groups.values());
        Collections.shuffle(order, random);
        List<LabelledPair> first = new ArrayList<>();
        List<LabelledPair> second = new ArrayList<>();
        for (List<LabelledPair> group : order) {
            (first.size() <= second.size() ? first : second).addAll(group);
        }
        return List.of(first, second);
    }

    private static List<String> intents(List<StreamQuery> queries) {
        return queries.stream().map(StreamQuery::intent).distinct().toList();
    }

    private static List<StreamQuery> concat(List<StreamQuery> a, List<StreamQuery> b) {
        List<StreamQuery> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
