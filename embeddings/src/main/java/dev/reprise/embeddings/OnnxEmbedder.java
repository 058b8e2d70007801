package dev.reprise.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Embedder} running one of the packaged BERT models in-process with ONNX Runtime: one session per instance,
 * loaded once, with one intra-op and one inter-op thread so that a call never competes with the gateway's
 * request threads for every core (LangChain4j's stock session does, and is 2-3x slower per query under load).
 *
 * <p>Texts are tokenised with the model's own HuggingFace tokenizer (the one LangChain4j uses). A text longer than
 * {@link EmbeddingModelChoice#maxTokens()} tokens, special tokens included, is truncated: its tail is dropped and only
 * the head is embedded, so two long texts that share their first {@code maxTokens} tokens get the same vector. Only the
 * head the window needs is tokenised ({@link TextHead}): a long text costs what a text of a few thousand characters does.
 * {@link #embedAll(List)} runs the model once per text or once per padded batch, as {@link BatchExecution} explains.
 */
public final class OnnxEmbedder implements Embedder {

    /** Most texts per model run under {@link BatchExecution#ONE_RUN_PER_BATCH}; bounds one padded input and output. */
    public static final int MAX_BATCH = 32;

    private static final String PREFERRED_OUTPUT = "last_hidden_state";


    private final EmbeddingModelChoice choice;
    private final BatchExecution batchExecution;
    private final LoadedModel model;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypeIds;
    private final String outputName;
    /** The characters of a text the tokenizer reads: enough to fill the model's window. */
    private final int maxChars;
    private final LongAdder modelRuns = new LongAdder();

    private OnnxEmbedder(EmbeddingModelChoice choice, BatchExecution batchExecution) throws OrtException, IOException {
        this.choice = choice;
        this.batchExecution = batchExecution;
        // The MiniLM tokenizer.json pads every text to 128; the tokenizer is made not to, and batches pad themselves.
        try (InputStream json = openResource(choice.tokenizerResource())) {
            this.model = LoadedModel.open("embedding model " + choice.id(), readResource(choice.modelResource()), json,
                    choice.maxTokens());
        }
        this.environment = model.environment();
        this.session = model.session();
        this.tokenizer = model.tokenizer();
        this.maxChars = choice.maxTokens() * TextHead.CHARS_PER_TOKEN;
        try {
            this.takesTokenTypeIds = session.getInputNames().contains("token_type_ids");
            this.outputName = session.getOutputNames().contains(PREFERRED_OUTPUT)
                    ? PREFERRED_OUTPUT : session.getOutputNames().iterator().next();
            checkDimension();
        } catch (OrtException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads {@code choice}'s model and tokenizer from the classpath, running one text per model run; takes about a
     * second.
     *
     * @throws IllegalStateException if the model's jar is not on the classpath
     * @throws EmbeddingException if ONNX Runtime cannot load the model
     */
    public static OnnxEmbedder load(EmbeddingModelChoice choice) {
        return load(choice, BatchExecution.ONE_RUN_PER_TEXT);
    }

    /**
     * Loads {@code choice}'s model and tokenizer from the classpath, mapping texts to model runs as
     * {@code batchExecution} says.
     *
     * @throws IllegalStateException if the model's jar is not on the classpath
     * @throws EmbeddingException if ONNX Runtime cannot load the model
     */
    public static OnnxEmbedder load(EmbeddingModelChoice choice, BatchExecution batchExecution) {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(batchExecution, "batchExecution");
        try {
            return new OnnxEmbedder(choice, batchExecution);
        } catch (OrtException e) {
            throw new EmbeddingException("Cannot load embedding model " + choice.id(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tokenizer of embedding model " + choice.id(), e);
        }
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<String> copy = List.copyOf(texts); // rejects null texts before any work
        return model.use(() -> {
            List<float[]> vectors = new ArrayList<>(copy.size());
            int perRun = batchExecution == BatchExecution.ONE_RUN_PER_BATCH ? MAX_BATCH : 1;
            for (int from = 0; from < copy.size(); from += perRun) {
                vectors.addAll(run(copy.subList(from, Math.min(copy.size(), from + perRun))));
            }
            return vectors;
        });
    }

    private List<float[]> run(List<String> texts) {
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            // One text at a time: the tokenizer's batch call fans out over a native thread pool.
            encodings[i] = tokenizer.encode(TextHead.cut(texts.get(i), maxChars));
        }
        TokenBatch batch = TokenBatch.of(encodings);
        try (OnnxTensor ids = longTensor(batch.ids(), batch);
             OnnxTensor mask = longTensor(batch.attentionMask(), batch);
             OnnxTensor types = takesTokenTypeIds ? longTensor(batch.typeIds(), batch) : null) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", ids);
            inputs.put("attention_mask", mask);
            if (types != null) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                modelRuns.increment();
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                List<float[]> vectors = new ArrayList<>(batch.rows());
                for (int row = 0; row < batch.rows(); row++) {
                    float[] pooled = choice.pooling().pool(
                            hidden, row, batch.seqLen(), choice.dimension(), batch.attentionMask());
                    vectors.add(Pooling.l2Normalise(pooled));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new EmbeddingException(
                    "ONNX run of " + choice.id() + " failed on a batch of " + texts.size() + " texts", e);
        }
    }

    /** The token ids the model sees for {@code text}, after truncation; lets tests check the window. */
    long[] tokenIds(String text) {
        return tokenizer.encode(TextHead.cut(text, maxChars)).getIds();
    }

    /** The token ids of the whole text, none cut before tokenising; lets tests check the cut changes nothing. */
    long[] tokenIdsOfWhole(String text) {
        return tokenizer.encode(text).getIds();
    }

    private OnnxTensor longTensor(long[] values, TokenBatch batch) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), batch.shape());
    }

    @Override
    public int dimension() {
        return choice.dimension();
    }

    @Override
    public String modelId() {
        return choice.id();
    }

    /** The model this embedder runs. */
    public EmbeddingModelChoice choice() {
        return choice;
    }

    /** How {@link #embedAll(List)} maps texts to model runs. */
    public BatchExecution batchExecution() {
        return batchExecution;
    }

    /** How many times the ONNX model has run since load; each run embeds one batch. */
    public long modelRuns() {
        return modelRuns.sum();
    }

    /** Waits for the runs in progress, then frees the model; idempotent. */
    @Override
    public void close() {
        model.close();
    }

    private void checkDimension() throws OrtException {
        NodeInfo output = session.getOutputInfo().get(outputName);
        if (output.getInfo() instanceof TensorInfo info) {
            long[] shape = info.getShape();
            long last = shape[shape.length - 1];
            if (last > 0 && last != choice.dimension()) {
                throw new IllegalStateException("Model " + choice.id() + " outputs " + last
                        + " dimensions, expected " + choice.dimension());
            }
        }
    }

    private static byte[] readResource(String name) throws IOException {
        try (InputStream in = openResource(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream openResource(String name) {
        InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Model resource '" + name + "' is not on the classpath;"
                    + " add the matching dev.langchain4j:langchain4j-embeddings-*-q dependency");
        }
        return in;
    }
}
