package dev.reprise.bench.eval;

/**
 * One threshold of a sweep: stream results pooled over the streams, and pair results pooled over the pair files.
 *
 * @param threshold the cosine threshold
 * @param streams   pooled stream metrics, {@link StreamMetrics#EMPTY} without streams
 * @param pairs     pooled pair metrics, {@link PairMetrics#EMPTY} without pairs
 */
public record CurvePoint(double threshold, StreamMetrics streams, PairMetrics pairs) {
}
