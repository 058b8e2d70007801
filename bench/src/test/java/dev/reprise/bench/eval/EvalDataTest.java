package dev.reprise.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDataTest {

    @TempDir
    Path root;
    Path datasets;

    @BeforeEach
    void fakeDatasets() throws Exception {
        datasets = root.resolve("datasets");
        Path bank = Files.createDirectories(datasets.resolve("banking77"));
        Files.writeString(bank.resolve("train.csv"), """
                text,category
                Where is my card?,card_arrival
                "My card hasn't arrived, what now?",card_arrival
                When will my card be delivered?,card_delivery_estimate
                How long does card delivery take?,card_delivery_estimate
                I want a refund,request_refund
                """);
        Files.writeString(bank.resolve("test.csv"), """
                text,category
                Card still not here,card_arrival
                "How long, roughly, for delivery?",card_delivery_estimate
                Estimated delivery of my card?,card_delivery_estimate
                """);
        Path clinc = Files.createDirectories(datasets.resolve("clinc150"));
        Files.writeString(clinc.resolve("data_full.json"), """
                {"train": [["book a flight to boston", "book_flight"], ["i need a flight", "book_flight"],
                           ["flight status of ua 12", "flight_status"]],
                 "val": [["is my flight on time", "flight_status"]],
                 "test": [["get me a flight", "book_flight"], ["status of my flight", "flight_status"],
                          ["fly me to rome", "book_flight"]],
                 "oos_train": [["how tall is a giraffe", "oos"]], "oos_val": [],
                 "oos_test": [["sing a song", "oos"], ["what is love", "oos"]]}
                """);
        Files.writeString(clinc.resolve("domains.json"), """
                {"travel": ["book_flight", "flight_status"]}
                """);
        Path redis = Files.createDirectories(datasets.resolve("redis-langcache-pairs"));
        Files.writeString(redis.resolve("chatgpt.csv"), """
                sentence1,sentence2,label
                "best phones 2024","top phones in 2024",1
                "best phones 2024","best **laptops** 2024",0
                "sort a list in python","python list sort",1
                "sort a list in python","sort a list in **java**",0
                """);
    }

    @Test
    void should_write_tune_and_held_out_files_from_the_right_splits() {
        EvalSuite suite = new EvalData(new PublicDatasets(datasets), 1, 100, 4).build(root.resolve("out"));

        assertTrue(suite.exists());
        List<StreamQuery> bankTune = Jsonl.read(suite.stream(EvalSuite.Split.TUNE, "banking77"), StreamQuery.class);
        List<StreamQuery> bankTest = Jsonl.read(suite.stream(EvalSuite.Split.HELD_OUT, "banking77"), StreamQuery.class);
        assertEquals(5, bankTune.size());
        assertEquals(Set.of("Card still not here", "How long, roughly, for delivery?", "Estimated delivery of my card?"),
                texts(bankTest), "held-out comes from test.csv only, with quoted commas intact");

        List<StreamQuery> clincTune = Jsonl.read(suite.stream(EvalSuite.Split.TUNE, "clinc150"), StreamQuery.class);
        assertTrue(texts(clincTune).contains("is my flight on time"), "val belongs to tune");
        assertFalse(texts(clincTune).contains("get me a flight"), "test never leaks into tune");

        List<StreamQuery> clincTest = Jsonl.read(suite.stream(EvalSuite.Split.HELD_OUT, "clinc150"), StreamQuery.class);
        long oos = clincTest.stream().filter(q -> q.intent().startsWith("oos:")).count();
        assertEquals(clincTest.stream().filter(q -> q.intent().startsWith("oos")).count(), oos);
        assertEquals(oos, clincTest.stream().map(StreamQuery::intent).filter(i -> i.startsWith("oos:")).distinct().count(),
                "each out-of-scope query is an intent of its own");
    }

    @Test
    void should_pair_same_intents_as_positives_and_siblings_as_hard_negatives() {
        EvalSuite suite = new EvalData(new PublicDatasets(datasets), 1, 100, 4).build(root.resolve("out"));
        List<StreamQuery> train = new PublicDatasets(datasets).banking77("train");
        Map<String, String> intentOf = new java.util.HashMap<>();
        train.forEach(q -> intentOf.put(q.q(), q.intent()));

        List<LabelledPair> pairs = Jsonl.read(suite.pairs(EvalSuite.Split.TUNE, "banking77"), LabelledPair.class);

        assertTrue(pairs.stream().anyMatch(LabelledPair::same) && pairs.stream().anyMatch(p -> !p.same()));
        for (LabelledPair p : pairs) {
            assertEquals(p.same(), intentOf.get(p.a()).equals(intentOf.get(p.b())), p.toString());
            assertFalse(p.a().equals(p.b()));
        }
    }

    @Test
    void should_find_siblings_by_shared_words_of_intent_names() {
        Map<String, Set<String>> siblings = EvalData.siblingsByNameWords(
                List.of("card_arrival", "card_delivery_estimate", "request_refund", "Refund_not_showing_up", "age_limit",
                        "top_up_limits"));

        assertEquals(Set.of("card_delivery_estimate"), siblings.get("card_arrival"));
        assertEquals(Set.of("Refund_not_showing_up"), siblings.get("request_refund"));
        assertEquals(Set.of("top_up_limits"), siblings.get("age_limit"), "plural folded, 'up' too common to count");
    }

    @Test
    void should_strip_bold_markers_and_split_redis_pairs_by_first_query() {
        EvalSuite suite = new EvalData(new PublicDatasets(datasets), 1, 100, 4).build(root.resolve("out"));

        List<LabelledPair> tune = Jsonl.read(suite.pairs(EvalSuite.Split.TUNE, "redis"), LabelledPair.class);
        List<LabelledPair> held = Jsonl.read(suite.pairs(EvalSuite.Split.HELD_OUT, "redis"), LabelledPair.class);

        assertEquals(2, tune.size());
        assertEquals(2, held.size());
        Set<String> firstTune = new HashSet<>(tune.stream().map(LabelledPair::a).toList());
        assertEquals(1, firstTune.size(), "a query's positive and negative stay on one side");
        assertTrue(held.stream().noneMatch(p -> firstTune.contains(p.a())));
        assertTrue(concat(tune, held).stream().noneMatch(p -> p.b().contains("**")));
        assertTrue(concat(tune, held).stream().anyMatch(p -> p.b().equals("best laptops 2024")
                || p.b().equals("sort a list in java")));
    }

    @Test
    void should_be_deterministic_for_a_seed() throws Exception {
        EvalSuite a = new EvalData(new PublicDatasets(datasets), 5, 100, 4).build(root.resolve("a"));
        EvalSuite b = new EvalData(new PublicDatasets(datasets), 5, 100, 4).build(root.resolve("b"));

        assertEquals(Files.readString(a.stream(EvalSuite.Split.TUNE, "clinc150")),
                Files.readString(b.stream(EvalSuite.Split.TUNE, "clinc150")));
        assertEquals(Files.readString(a.pairs(EvalSuite.Split.HELD_OUT, "banking77")),
                Files.readString(b.pairs(EvalSuite.Split.HELD_OUT, "banking77")));
    }

    private static Set<String> texts(List<StreamQuery> queries) {
        return new HashSet<>(queries.stream().map(StreamQuery::q).toList());
    }

    private static List<LabelledPair> concat(List<LabelledPair> a, List<LabelledPair> b) {
        List<LabelledPair> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
