package dev.reprise.bench.compare;

/** A mistake in the command line or the input file: {@code ./reprise compare} prints its message alone and exits 2. */
public final class CompareException extends RuntimeException {

    public CompareException(String message) {
        super(message);
    }
}
