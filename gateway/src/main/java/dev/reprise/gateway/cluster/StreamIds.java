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
     * The newest id deleted from the stream (trimmed, as the gateway never deletes one by one) from the reply of
     * {@code XINFO STREAM}, a flat list of names and values; {@code 0-0} when nothing was.
     *
     * @throws IllegalStateException when the reply has no {@code max-deleted-entry-id} (a Redis older than 7.0)
     */
    static String lastDeleted(List<Object> xinfo) {
        for (int i = 0; i + 1 < xinfo.size(); i += 2) {
            if ("max-deleted-entry-id".equals(text(xinfo.get(i)))) {
                return text(xinfo.get(i + 1));
            }
        }
        throw new IllegalStateException("XINFO STREAM names no max-deleted-entry-id: cache replication needs Redis 7.0 "
                + "or newer");
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
