package dev.reprise.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Redis Stream ids ({@code <milliseconds>-<sequence>}) compared as numbers, and what {@code XINFO STREAM} says of them. */
final class StreamIds {

    private StreamIds() {
    }

    /** Negative, zero or positive as {@code a} is before, the same as or after {@code b}. */
    static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        int byTime = Long.compareUnsigned(x[0], y[0]);
        return byTime != 0 ? byTime : Long.compareUnsigned(x[1], y[1]);
    }

    /** Whether {@code id} reads as a stream id. */
    static boolean valid(String id) {
        try {
            parse(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        try {
            return dash < 0 ? new long[] {Long.parseUnsignedLong(id), 0}
                    : new long[] {Long.parseUnsignedLong(id.substring(0, dash)),
                            Long.parseUnsignedLong(id.substring(dash + 1))};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream id: '" + id + "'", e);
        }
    }

    /**
     * Whether a reader at {@code position} missed records the stream no longer keeps, from the reply of
     * {@code XINFO STREAM} (a flat list of names and values): records were trimmed, and the first one kept comes
     * after the position. Conservative by one: a reader whose own last record was the last one trimmed cannot be
     * told from one that missed more, and counts as having missed.
     *
     * @throws IllegalStateException when the reply lacks {@code entries-added} (a Redis older than 7.0)
     */
    static boolean missedAfter(String position, List<Object> xinfo) {
        long length = number(field(xinfo, "length"));
        long added = number(field(xinfo, "entries-added"));
        Object first = field(xinfo, "recorded-first-entry-id");
        return added > length && first != null && compare(position, text(first)) < 0;
    }

    private static Object field(List<Object> xinfo, String name) {
        for (int i = 0; i + 1 < xinfo.size(); i += 2) {
            if (name.equals(text(xinfo.get(i)))) {
                return xinfo.get(i + 1);
            }
        }
        throw new IllegalStateException("XINFO STREAM has no '" + name + "': cache replication needs Redis 7.0 or newer");
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(text(value));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
