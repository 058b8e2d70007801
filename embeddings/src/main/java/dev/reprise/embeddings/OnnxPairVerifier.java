package dev.reprise.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link PairVerifier} running a cross-encoder in-process with ONNX Runtime: one session, one intra-op and one
 * inter-op thread (as {@link OnnxEmbedder}); each pair in its own run, or the candidates of one query padded into one
 * run, as {@link BatchExecution} says.
 *
 * <p>Each pair is tokenised as {@code [CLS] candidate [SEP] query [SEP]} (token types 0, then 1) with the model's own
 * HuggingFace tokenizer, truncated longest-first to {@link #MAX_TOKENS}; a text is cut to its first
 * {@link #MAX_CHARS} characters first, since tokenising what truncation throws away costs more than the model run (a
 * 20,000-character question took 12 ms against 1 ms). The model outputs a calibrated probability per
 * row. The shipped model ({@link #loadShipped()}) is trained by {@code bench/training} ({@code ./reprise
 * train-verifier}); an operator's own model is a folder with the same two files ({@link #load(Path)}).
 *
 * <p>The model is dynamically quantised like the packaged embedders: activations are scaled per run, so under
 * {@link BatchExecution#ONE_RUN_PER_BATCH} a candidate's probability moves with its batch companions (by up to 0.07
 * measured on 32 candidates). The default, one run per pair, scores a pair the same whatever else is verified; on one
 * thread a padded batch of three saves only about a quarter of the time.
 */
public final class OnnxPairVerifier implements PairVerifier {

    /** The shipped model's id. */
    public static final String SHIPPED_MODEL_ID = "reprise-verifier-minilm-l3-v2";
    /** Classpath folder of the shipped model: model.onnx, tokenizer.json and model-card.json. */
    public static final String SHIPPED_RESOURCE_DIR = "dev/reprise/embeddings/verifier/";
    /** The longest pair in tokens, special tokens included; the model was trained on this window. */
    public static final int MAX_TOKENS = 128;
    /**
     * The characters of each text the tokenizer reads: eight per token of the window, so natural text keeps more
     * tokens than truncation leaves it and its pair encodes exactly as the whole text would.
     */
    public static final int MAX_CHARS = MAX_TOKENS * TextHead.CHARS_PER_TOKEN;
    /** Most candidates per model run under {@link BatchExecution#ONE_RUN_PER_BATCH}. */
    public static final int MAX_BATCH = 32;

    private static final String MODEL_FILE = "model.onnx";
    private static final String TOKENIZER_FILE = "tokenizer.json";
    private static final String OUTPUT = "probability";


    private final String modelId;
    private final BatchExecution batchExecution;
    private final LoadedModel model;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final LongAdder modelRuns = new LongAdder();

    private OnnxPairVerifier(String modelId, byte[] model, InputStream tokenizerJson, BatchExecution batchExecution)
            throws OrtException, IOException {
        this.modelId = modelId;
        this.batchExecution = Objects.requireNonNull(batchExecution, "batchExecution");
        this.model = LoadedModel.open("verifier model " + modelId, model, tokenizerJson, MAX_TOKENS);
        this.environment = this.model.environment();
        this.session = this.model.session();
        this.tokenizer = this.model.tokenizer();
        if (!session.getOutputNames().contains(OUTPUT)) {
            close();
            throw new IllegalStateException("Verifier model " + modelId + " has no '" + OUTPUT + "' output; it has "
                    + session.getOutputNames());
        }
    }

    /**
     * Loads the model that ships in this module's jar, one run per pair; takes about a second.
     *
     * @throws IllegalStateException if the model is not on the classpath
     * @throws EmbeddingException if ONNX Runtime cannot load it
     */
    public static OnnxPairVerifier loadShipped() {
        return loadShipped(BatchExecution.ONE_RUN_PER_TEXT);
    }

    /** Loads the shipped model, mapping candidates to model runs as {@code batchExecution} says. */
    public static OnnxPairVerifier loadShipped(BatchExecution batchExecution) {
        try (InputStream model = openResource(SHIPPED_RESOURCE_DIR + MODEL_FILE);
             InputStream tokenizer = openResource(SHIPPED_RESOURCE_DIR + TOKENIZER_FILE)) {
            return new OnnxPairVerifier(SHIPPED_MODEL_ID, model.readAllBytes(), tokenizer, batchExecution);
        } catch (OrtException e) {
            throw new EmbeddingException("Cannot load verifier model " + SHIPPED_MODEL_ID, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read verifier model " + SHIPPED_MODEL_ID, e);
        }
    }

    /**
     * Loads a model that {@code ./reprise train-verifier} wrote: {@code dir/model.onnx} and {@code dir/tokenizer.json}.
     *
     * @throws UncheckedIOException if either file cannot be read
     * @throws EmbeddingException if ONNX Runtime cannot load the model
     */
    public static OnnxPairVerifier load(Path dir) {
        return load(dir, BatchExecution.ONE_RUN_PER_TEXT);
    }

    /** Loads a model folder as {@link #load(Path)} does, mapping candidates to runs as {@code batchExecution} says. */
    public static OnnxPairVerifier load(Path dir, BatchExecution batchExecution) {
        Objects.requireNonNull(dir, "dir");
        String id = "file:" + dir.toAbsolutePath().normalize();
        try (InputStream tokenizer = Files.newInputStream(dir.resolve(TOKENIZER_FILE))) {
            return new OnnxPairVerifier(id, Files.readAllBytes(dir.resolve(MODEL_FILE)), tokenizer, batchExecution);
        } catch (OrtException e) {
            throw new EmbeddingException("Cannot load verifier model " + id, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read verifier model " + id, e);
        }
    }

    @Override
    public float[] verify(String query, List<String> candidates) {
        Objects.requireNonNull(query, "query");
        List<String> copy = List.copyOf(candidates); // rejects null candidates before any work
        return model.use(() -> {
            float[] out = new float[copy.size()];
            int perRun = batchExecution == BatchExecution.ONE_RUN_PER_BATCH ? MAX_BATCH : 1;
            for (int from = 0; from < copy.size(); from += perRun) {
                int to = Math.min(copy.size(), from + perRun);
                System.arraycopy(run(query, copy.subList(from, to)), 0, out, from, to - from);
            }
            return out;
        });
    }

    private float[] run(String query, List<String> candidates) {
        Encoding[] encodings = new Encoding[candidates.size()];
        for (int i = 0; i < encodings.length; i++) {
            // One pair at a time: the tokenizer's batch call fans out over a native thread pool.
            encodings[i] = encode(candidates.get(i), query);
        }
        TokenBatch batch = TokenBatch.of(encodings);
        try (OnnxTensor ids = longTensor(batch.ids(), batch);
             OnnxTensor mask = longTensor(batch.attentionMask(), batch);
             OnnxTensor types = longTensor(batch.typeIds(), batch);
             OrtSession.Result result = session.run(
                     Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types), Set.of(OUTPUT))) {
            modelRuns.increment();
            FloatBuffer probabilities = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[batch.rows()];
            probabilities.get(out);
            return out;
        } catch (OrtException e) {
            throw new EmbeddingException(
                    "ONNX run of verifier " + modelId + " failed on " + candidates.size() + " candidates", e);
        }
    }

    private OnnxTensor longTensor(long[] values, TokenBatch batch) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), batch.shape());
    }

    private Encoding encode(String candidate, String query) {
        return tokenizer.encode(head(candidate), head(query));
    }

    /** The first {@link #MAX_CHARS} characters of {@code text}, cut at a space near there when there is one. */
    static String head(String text) {
        return TextHead.cut(text, MAX_CHARS);
    }

    /** The token ids of the pair the model sees, after truncation; lets tests check the template. */
    long[] tokenIds(String candidate, String query) {
        return encode(candidate, query).getIds();
    }

    /** The token types of the pair the model sees: 0 for the candidate's part, 1 for the query's. */
    long[] typeIds(String candidate, String query) {
        return encode(candidate, query).getTypeIds();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    /** How {@link #verify} maps candidates to model runs. */
    public BatchExecution batchExecution() {
        return batchExecution;
    }

    /** How many times the ONNX model has run since load; each run scores one pair or one batch. */
    public long modelRuns() {
        return modelRuns.sum();
    }

    /** Waits for the runs in progress, then frees the model; idempotent. */
    @Override
    public void close() {
        model.close();
    }

    private static InputStream openResource(String name) {
        InputStream in = OnnxPairVerifier.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Verifier resource '" + name + "' is not on the classpath");
        }
        return in;
    }
}
