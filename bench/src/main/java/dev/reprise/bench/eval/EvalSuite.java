package dev.reprise.bench.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation files {@link EvalData} writes: for each split, intent streams and labelled pairs, under
 * {@code dir/tune} and {@code dir/heldout}. Tuning reads only the TUNE split; reports quote the HELD_OUT one.
 *
 * @param dir the folder holding {@code tune/} and {@code heldout/}
 */
public record EvalSuite(Path dir) {

    /** Which side of the tune / report wall a file is on. */
    public enum Split {
        TUNE, HELD_OUT;

        public String folder() {
            return this == TUNE ? "tune" : "heldout";
        }

        public static Split parse(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            return switch (v) {
                case "tune" -> TUNE;
                case "heldout", "test" -> HELD_OUT;
                default -> throw new IllegalArgumentException("Unknown split '" + value + "'; allowed: tune, heldout");
            };
        }
    }

    public static final String STREAM_SUFFIX = ".stream.jsonl";
    public static final String PAIRS_SUFFIX = ".pairs.jsonl";

    public Path stream(Split split, String name) {
        return dir.resolve(split.folder()).resolve(name + STREAM_SUFFIX);
    }

    public Path pairs(Split split, String name) {
        return dir.resolve(split.folder()).resolve(name + PAIRS_SUFFIX);
    }

    public List<Path> streams(Split split) {
        return list(split, STREAM_SUFFIX);
    }

    public List<Path> pairFiles(Split split) {
        return list(split, PAIRS_SUFFIX);
    }

    /** True when both splits have at least one stream. */
    public boolean exists() {
        return !streams(Split.TUNE).isEmpty() && !streams(Split.HELD_OUT).isEmpty();
    }

    /** The file's data-set name: {@code banking77} for {@code banking77.stream.jsonl}. */
    public static String nameOf(Path file) {
        String f = file.getFileName().toString();
        for (String suffix : List.of(STREAM_SUFFIX, PAIRS_SUFFIX, ".jsonl")) {
            if (f.endsWith(suffix)) {
                return f.substring(0, f.length() - suffix.length());
            }
        }
        return f;
    }

    private List<Path> list(Split split, String suffix) {
        Path folder = dir.resolve(split.folder());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
