package dev.reprise.bench.eval;

/**
 * What one answered request is assumed to cost, to turn hits into tokens and dollars saved.
 *
 * @param tokensIn    prompt tokens per request
 * @param tokensOut   completion tokens per request
 * @param priceInPer1M  dollars per million prompt tokens
 * @param priceOutPer1M dollars per million completion tokens
 */
public record Pricing(long tokensIn, long tokensOut, double priceInPer1M, double priceOutPer1M) {

    /** A support-sized exchange at GPT-4o list prices; override with --tokens-in/--tokens-out/--price-in/--price-out. */
    public static final Pricing DEFAULT = new Pricing(500, 300, 2.50, 10.00);

    public Pricing {
        if (tokensIn < 0 || tokensOut < 0 || !(priceInPer1M >= 0) || !(priceOutPer1M >= 0)) {
            throw new IllegalArgumentException("tokens and prices must be >= 0, got " + tokensIn + ", " + tokensOut
                    + ", " + priceInPer1M + ", " + priceOutPer1M);
        }
    }

    public long tokensPerRequest() {
        return tokensIn + tokensOut;
    }

    public double dollarsPerRequest() {
        return (tokensIn * priceInPer1M + tokensOut * priceOutPer1M) / 1_000_000.0;
    }
}
