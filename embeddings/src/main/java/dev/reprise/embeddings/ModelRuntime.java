package dev.reprise.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * How this module runs a local model, the same for the embedder and the pair verifier: an ONNX Runtime session on
 * one intra-op and one inter-op thread, so a run never competes with the gateway's request threads for every core,
 * and a HuggingFace tokenizer that truncates and leaves padding to the caller and never calls home.
 */
final class ModelRuntime {

    static {
        // DJL's tokenizer "calls home" on first use: it probes the EC2 metadata address and fetches a
        // telemetry URL. A gateway must not send traffic its operator did not ask for, so opt out unless
        // the operator decided otherwise. The native tokenizer library ships in the jar; nothing is downloaded.
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private ModelRuntime() {
    }

    /** Options for one session: one thread each way, sequential, every graph optimisation. The caller closes them. */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** A tokenizer from {@code tokenizer.json} that truncates to {@code maxTokens}; callers pad per batch. */
    static HuggingFaceTokenizer tokenizer(InputStream json, int maxTokens) throws IOException {
        return HuggingFaceTokenizer.newInstance(json, Map.of(
                "padding", "false",
                "truncation", "true",
                "maxLength", Integer.toString(maxTokens)));
    }
}
