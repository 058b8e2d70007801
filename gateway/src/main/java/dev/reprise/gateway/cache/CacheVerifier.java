package dev.reprise.gateway.cache;

import dev.reprise.cache.AnswerVerifier;
import dev.reprise.embeddings.OnnxPairVerifier;
import dev.reprise.embeddings.PairVerifier;

import java.util.List;
import java.util.logging.Logger;

/**
 * The pair verifier {@code cache.verifier} names, as the cache index asks for it: the model shipped in the
 * embeddings jar, or one {@code ./reprise train-verifier} wrote. Loaded once at start, never per request.
 */
final class CacheVerifier implements AnswerVerifier, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CacheVerifier.class.getName());

    private final PairVerifier model;

    private CacheVerifier(PairVerifier model) {
        this.model = model;
    }

    static CacheVerifier load(VerifierSettings settings) {
        PairVerifier model = settings.model() == null
                ? OnnxPairVerifier.loadShipped()
                : OnnxPairVerifier.load(settings.model());
        LOG.info("cache verifier on: " + model.modelId() + " decides semantic hits (min probability "
                + settings.minProbability() + ", " + settings.candidates() + " candidates from cosine "
                + settings.recallFloor() + ")");
        return new CacheVerifier(model);
    }

    @Override
    public float[] sameAnswerProbabilities(String question, List<String> storedQuestions) {
        return model.verify(question, storedQuestions);
    }

    @Override
    public void close() {
        model.close();
    }
}
