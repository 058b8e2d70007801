package dev.reprise.bench.compare;

/**
 * The judge's reading of one answer: one line of {@code DIR/judge.jsonl}, keyed by a hash of the judge alias, the
 * rubric, the request and the answer, so a rerun asks again only about answers it has not judged.
 *
 * @param key   the hash
 * @param score 1-5, or null when the reply held none (or the call failed)
 * @param reply the judge's reply as it came
 * @param error why the judge call failed, or null
 */
public record JudgeVerdict(String key, Integer score, String reply, String error) {
}
