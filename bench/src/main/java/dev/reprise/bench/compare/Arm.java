package dev.reprise.bench.compare;

/**
 * One column of the comparison: an alias, or one A/B variant of it. A variant is reached the way traffic reaches
 * it, through an A/B key the gateway assigns to that variant ({@code x-reprise-ab-key}).
 *
 * @param name    the column's name: the alias, or {@code alias/variant}
 * @param alias   the alias the requests name
 * @param abKey   the A/B key to send, or null
 * @param variant the variant the answer must come from, or null
 */
public record Arm(String name, String alias, String abKey, String variant) {

    public static Arm alias(String alias) {
        return new Arm(alias, alias, null, null);
    }

    /** The arm's name as a file name: letters, digits, dot, dash and underscore kept, anything else as '_'. */
    public String fileName() {
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl";
    }
}
