package dev.reprise.bench.eval;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.embeddings.OnnxPairVerifier;
import dev.reprise.embeddings.PairVerifier;

import java.nio.file.Path;

/**
 * The pair verifier an evaluation runs, loaded on first use only (most runs never verify): the shipped model,
 * or the one {@code --verifier-model} names. Memoised, so a sweep reads each pair once.
 */
final class LoadedVerifier implements AutoCloseable {

    private final Path modelDir;
    private PairVerifier model;
    private MemoizedVerifier memoized;

    /** @param modelDir a model {@code ./reprise train-verifier} wrote, or null for the shipped one */
    LoadedVerifier(Path modelDir) {
        this.modelDir = modelDir;
    }

    AnswerVerifier get() {
        if (memoized == null) {
            model = modelDir == null ? OnnxPairVerifier.loadShipped() : OnnxPairVerifier.load(modelDir);
            memoized = new MemoizedVerifier(model::verify);
        }
        return memoized;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
