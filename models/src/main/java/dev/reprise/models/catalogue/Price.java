package dev.reprise.models.catalogue;

/** US dollars per one million input and output tokens. */
public record Price(double inputPerMillion, double outputPerMillion) {

    public static final Price FREE = new Price(0, 0);

    public Price {
        if (inputPerMillion < 0 || outputPerMillion < 0 || Double.isNaN(inputPerMillion) || Double.isNaN(outputPerMillion)) {
            throw new IllegalArgumentException("prices must be >= 0, got input " + inputPerMillion
                    + " and output " + outputPerMillion);
        }
    }

    /** What a call with these token counts costs, in dollars. */
    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
    }
}
