package dev.reprise.gateway.stream;

/**
 * Rewrites the text of a streamed answer as it arrives (a guardrail redacting or restoring values), holding back
 * only the end that the next piece could still change. One per stream, called from one thread at a time.
 */
public interface TextFilter {

    /** What may be sent now, given the next piece of text; may be empty while a value is still being written. */
    String next(String piece);

    /** Whatever is still held, rewritten: the stream has ended. */
    String flush();
}
