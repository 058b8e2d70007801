package dev.reprise.gateway.admin;

import dev.reprise.gateway.error.ClientValue;
import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.ledger.RequestCursor;
import dev.reprise.gateway.ledger.UsageDimension;
import io.helidon.common.parameters.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The query parameters of the usage endpoints, read and checked: a bad one is a 400 that names it. Blank values
 * count as absent, so {@code ?from=&to=} means the defaults.
 */
final class UsageParams {

    /** {@code from} when only {@code to} (or nothing) is given. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final int DEFAULT_BINS = 20;
    static final int MAX_BINS = 200;
    static final List<String> TIERS = List.of("none", "bypass", "miss", "hit-exact", "hit-semantic");

    /** The {@code group_by} value of the shadow report. */
    static final String SHADOW = "shadow";

    private final Parameters query;

    UsageParams(Parameters query) {
        this.query = query;
    }

    /** The value, or null when absent or blank. */
    String text(String name) {
        String v = query.first(name).orElse(null);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** {@code [from, to]}: {@code to} defaults to now, {@code from} to 24 hours before {@code to}. */
    Instant[] range(Instant now) {
        // The ledger keeps milliseconds; so do the defaults, so the answer echoes what was compared.
        Instant to = time("to", now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        Instant from = time("from", to.minus(DEFAULT_RANGE));
        if (from.isAfter(to)) {
            throw bad("'from' (" + from + ") is after 'to' (" + to + ").", "from");
        }
        return new Instant[] {from, to};
    }

    private Instant time(String name, Instant fallback) {
        String v = text(name);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            return Instant.parse(v);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw bad("'" + name + "' must be an ISO-8601 instant such as 2026-12-06T10:00:00Z or epoch milliseconds, "
                    + "got " + ClientValue.quote(v) + ".", name);
        }
    }

    /** One or two dimensions, {@code day} by default. */
    List<UsageDimension> groupBy() {
        String v = text("group_by");
        if (v == null) {
            return List.of(UsageDimension.DAY);
        }
        List<UsageDimension> dims = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            UsageDimension d = UsageDimension.parse(part.strip()).orElseThrow(() -> bad("'group_by' must be one or two of "
                    + known() + ", comma separated; got " + ClientValue.quote(v) + ".", "group_by"));
            if (dims.contains(d)) {
                throw bad("'group_by' names " + d.label() + " twice.", "group_by");
            }
            dims.add(d);
        }
        if (dims.size() > 2) {
            throw bad("'group_by' takes at most two dimensions, got " + dims.size() + ".", "group_by");
        }
        return dims;
    }

    /** True when {@code group_by} asks for the shadow report: {@code shadow}, alone or with {@code hour} or {@code day}. */
    boolean shadowGrouping() {
        String v = text("group_by");
        return v != null && Arrays.stream(v.split(",", -1)).map(String::strip).anyMatch(SHADOW::equals);
    }

    /** The shadow report's time bucket: null for {@code group_by=shadow}, HOUR or DAY with a second dimension. */
    UsageDimension shadowBucket() {
        List<String> parts = Arrays.stream(text("group_by").split(",", -1)).map(String::strip).toList();
        if (parts.size() == 1) {
            return null;
        }
        String other = parts.get(0).equals(SHADOW) ? parts.get(1) : parts.get(0);
        if (parts.size() > 2 || !(other.equals("hour") || other.equals("day"))) {
            throw bad("'group_by=shadow' goes alone or with hour or day, got "
                    + ClientValue.quote(text("group_by")) + ".", "group_by");
        }
        return UsageDimension.parse(other).orElseThrow();
    }

    /** A number in {@code [min, max]}, or {@code fallback} when absent. */
    double number(String name, double fallback, double min, double max) {
        String v = text(name);
        if (v == null) {
            return fallback;
        }
        try {
            double n = Double.parseDouble(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw bad("'" + name + "' must be a number from " + min + " to " + max + ", got " + ClientValue.quote(v)
                + ".", name);
    }

    private static String known() {
        return Arrays.stream(UsageDimension.values()).map(UsageDimension::label).collect(Collectors.joining(", "))
                + " (or " + SHADOW + ", alone or with hour or day)";
    }

    /** True for {@code format=csv}, false for {@code json} or none. */
    boolean csv() {
        String v = text("format");
        if (v == null || v.equals("json")) {
            return false;
        }
        if (v.equals("csv")) {
            return true;
        }
        throw bad("'format' must be json or csv, got " + ClientValue.quote(v) + ".", "format");
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        String v = text(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw bad("'" + name + "' must be a whole number from " + min + " to " + max + ", got " + ClientValue.quote(v)
                + ".", name);
    }

    /** true, false, or null when absent. */
    Boolean bool(String name) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad("'" + name + "' must be true or false, got " + ClientValue.quote(v) + ".", name);
        };
    }

    /** A cache tier label, or null. */
    String tier() {
        String v = text("tier");
        if (v != null && !TIERS.contains(v)) {
            throw bad("'tier' must be one of " + String.join(", ", TIERS) + ", got " + ClientValue.quote(v) + ".",
                    "tier");
        }
        return v;
    }

    /** The page cursor, or null. */
    RequestCursor before() {
        String v = text("before");
        return v == null ? null : RequestCursor.parse(v).orElseThrow(() -> bad("'before' must be the 'next' value of "
                + "a previous page, got " + ClientValue.quote(v) + ".", "before"));
    }

    static RuntimeException bad(String message, String param) {
        return GatewayError.invalidRequest(message, param).toException();
    }
}
