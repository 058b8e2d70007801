package dev.reprise.bench.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code cache.similarity-threshold} into a YAML config as text, so comments, order and every other key stay
 * as they were: the value on an existing line is replaced (keeping its trailing comment), a missing key is added
 * under an existing top-level {@code cache:} section, and a missing section is appended.
 */
public final class ConfigApplier {

    static final String SECTION = "cache";
    static final String KEY = "similarity-threshold";

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([A-Za-z0-9_.-]+)\\s*:(.*)$");
    private static final Pattern NESTED_KEY = Pattern.compile("^(\\s+)([A-Za-z0-9_.-]+)(\\s*:\\s*)([^#]*?)(\\s*#.*)?$");

    private ConfigApplier() {
    }

    public static void apply(Path file, double threshold) {
        try {
            String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            Files.writeString(file, apply(before, threshold), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file, e);
        }
    }

    /** The YAML text with the threshold set; see the class comment for where it goes. */
    public static String apply(String yaml, double threshold) {
        String value = format(threshold);
        String newline = yaml.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(yaml.split("\r?\n", -1)));
        boolean endsWithNewline = yaml.endsWith("\n");
        if (endsWithNewline || yaml.isEmpty()) {
            lines.removeLast();
        }
        int section = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher top = TOP_LEVEL_KEY.matcher(lines.get(i));
            if (top.matches() && top.group(1).equals(SECTION)) {
                section = i;
                break;
            }
        }
        if (section < 0) {
            if (!lines.isEmpty() && !lines.getLast().isBlank()) {
                lines.add("");
            }
            lines.add(SECTION + ":");
            lines.add("  " + KEY + ": " + value);
            return String.join(newline, lines) + newline;
        }
        Matcher inline = TOP_LEVEL_KEY.matcher(lines.get(section));
        inline.matches();
        String rest = inline.group(2).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new IllegalArgumentException("cannot edit an inline or scalar top-level 'cache:' section (line "
                    + (section + 1) + "); write it as a block mapping");
        }
        String indent = null;
        int end = section + 1;
        for (; end < lines.size(); end++) {
            String line = lines.get(end);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                break;
            }
            Matcher nested = NESTED_KEY.matcher(line);
            if (!nested.matches()) {
                continue;
            }
            if (indent == null) {
                indent = nested.group(1);
            }
            if (nested.group(1).equals(indent) && nested.group(2).equals(KEY)) {
                String comment = nested.group(5) == null ? "" : nested.group(5);
                lines.set(end, indent + KEY + nested.group(3) + value + comment);
                return String.join(newline, lines) + (endsWithNewline ? newline : "");
            }
        }
        lines.add(section + 1, (indent == null ? "  " : indent) + KEY + ": " + value);
        return String.join(newline, lines) + (endsWithNewline ? newline : "");
    }

    static String format(double threshold) {
        String s = String.format(Locale.ROOT, "%.3f", threshold);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
