package dev.reprise.bench.load;

import java.util.List;

/**
 * One row of the load table: which server is driven, with what bodies and headers, and which direct scenario its
 * latency is compared against.
 *
 * @param name     short id, such as {@code reprise-pass}
 * @param target   the server under load
 * @param bodies   which request bodies the Lua script cycles through
 * @param stream   whether the requests ask for SSE
 * @param noStore  whether the requests send {@code Cache-Control: no-store}
 * @param expectedCache the {@code x-reprise-cache} value the scenario should see, or null when none applies
 */
public record Scenario(String name, Target target, Bodies bodies, boolean stream, boolean noStore,
                       String expectedCache) {

    /** The servers a load run starts. */
    public enum Target { DIRECT, REPRISE, PORTKEY }

    /** The request bodies of a scenario. */
    public enum Bodies {
        /** One fixed question that the cache never stores (the requests say no-store) or that nobody cached. */
        FIXED,
        /** The stored question itself: exact hits once it is cached. */
        STORED,
        /** Paraphrases of the stored question: semantic hits. */
        PARAPHRASES,
        /** A new question per request: misses. */
        UNIQUE
    }

    /** The baseline this scenario's latency is compared with: direct, streaming or not. */
    public String baseline() {
        return stream ? "direct-stream" : "direct";
    }

    /** Every scenario of a run, in the interleaved order each round drives them. */
    public static List<Scenario> all(boolean withPortkey) {
        List<Scenario> all = new java.util.ArrayList<>(List.of(
                new Scenario("direct", Target.DIRECT, Bodies.FIXED, false, false, null),
                new Scenario("reprise-pass", Target.REPRISE, Bodies.FIXED, false, true, "bypass"),
                new Scenario("portkey-pass", Target.PORTKEY, Bodies.FIXED, false, false, null),
                new Scenario("direct-stream", Target.DIRECT, Bodies.FIXED, true, false, null),
                new Scenario("reprise-stream", Target.REPRISE, Bodies.FIXED, true, true, "bypass"),
                new Scenario("portkey-stream", Target.PORTKEY, Bodies.FIXED, true, false, null),
                new Scenario("reprise-hit-exact", Target.REPRISE, Bodies.STORED, false, false, "hit-exact"),
                new Scenario("reprise-hit-semantic", Target.REPRISE, Bodies.PARAPHRASES, false, false, "hit-semantic"),
                new Scenario("reprise-miss", Target.REPRISE, Bodies.UNIQUE, false, false, "miss")));
        if (!withPortkey) {
            all.removeIf(s -> s.target() == Target.PORTKEY);
        }
        return all;
    }
}
