package dev.reprise.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the human-friendly scalars of the config file: durations ({@code 300ms}, {@code 60s},
 * {@code 2m}, {@code 1h}), sizes ({@code 4MiB}, {@code 512KiB}, {@code 1000000}) and http(s) URLs. Every
 * failure names the key and the value.
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb)?");

    private ConfigValues() {
    }

    /** A duration, or {@code fallback} when the value is absent. "0" alone means zero. */
    public static Duration duration(String key, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw ConfigException.at(key, "'" + value + "' is not a duration; write it like 300ms, 60s, 2m, 1h or 7d");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw ConfigException.at(key, "'" + value + "' is too large");
        }
        try {
            return unit(m.group(2), amount);
        } catch (ArithmeticException e) {
            throw ConfigException.at(key, "'" + value + "' is too large");
        }
    }

    private static Duration unit(String unit, long amount) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A size in bytes, or {@code fallback} when the value is absent. A bare number is bytes. */
    public static long size(String key, String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ConfigException.at(key, "'" + value + "' is not a size; write it like 4MiB, 512KiB or 1048576");
        }
        long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw ConfigException.at(key, "'" + value + "' is too large");
        }
    }

    /** An absolute http or https URL without a trailing slash, or null when absent. */
    public static String httpUrl(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw ConfigException.at(key, "'" + value + "' is not an http(s) URL such as https://api.openai.com/v1");
            }
        } catch (URISyntaxException e) {
            throw ConfigException.at(key, "'" + value + "' is not a URL: " + e.getReason());
        }
        String v = value.strip();
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** A duration that must be greater than zero, or {@code fallback} when absent. */
    public static Duration positiveDuration(String key, String value, Duration fallback) {
        Duration d = duration(key, value, fallback);
        if (d.isNegative() || d.isZero()) {
            throw ConfigException.at(key, "must be greater than 0, got '" + value + "'");
        }
        return d;
    }
}
