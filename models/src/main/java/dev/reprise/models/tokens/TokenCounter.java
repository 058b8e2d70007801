package dev.reprise.models.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts tokens with a model's own tokenizer, for the models whose tokenizer ships in a library (OpenAI's, through
 * JTokkit): used when a provider sent no usage, so a stream is still costed from counts rather than a guess.
 */
public final class TokenCounter {

    /** Tokens OpenAI adds per chat message (role and separators) and once to prime the reply, per its guide. */
    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;

    /** Model-name prefixes and their encodings, most specific first. */
    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("gpt-4o", EncodingType.O200K_BASE), new Prefix("gpt-4.1", EncodingType.O200K_BASE),
            new Prefix("gpt-4.5", EncodingType.O200K_BASE), new Prefix("gpt-5", EncodingType.O200K_BASE),
            new Prefix("chatgpt-4o", EncodingType.O200K_BASE), new Prefix("o1", EncodingType.O200K_BASE),
            new Prefix("o3", EncodingType.O200K_BASE), new Prefix("o4", EncodingType.O200K_BASE),
            new Prefix("gpt-4", EncodingType.CL100K_BASE), new Prefix("gpt-3.5", EncodingType.CL100K_BASE));

    private record Prefix(String start, EncodingType encoding) {
    }

    /** Built once, on first use: the encodings load their vocabularies lazily. */
    private static final class Registry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The counter for an upstream model name, or empty when its tokenizer is not known here. */
    public static Optional<TokenCounter> forModel(String upstreamModel) {
        if (upstreamModel == null) {
            return Optional.empty();
        }
        String name = upstreamModel.toLowerCase(Locale.ROOT);
        for (Prefix p : PREFIXES) {
            if (name.startsWith(p.start())) {
                return Optional.of(new TokenCounter(Registry.INSTANCE.getEncoding(p.encoding())));
            }
        }
        return Optional.empty();
    }

    /** The tokens of a text. */
    public long count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** The prompt tokens of a chat request: each message's text plus its framing, plus the reply's priming. */
    public long count(ChatCompletionRequest request) {
        long tokens = REPLY_PRIMING;
        for (ChatMessage m : request.messages()) {
            tokens += PER_MESSAGE + count(m.text());
        }
        return tokens;
    }
}
