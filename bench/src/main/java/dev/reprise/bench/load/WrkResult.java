package dev.reprise.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one wrk run reported through the {@code done()} hook of {@code bench/scripts/wrk-chat.lua}: requests,
 * duration, latency percentiles and errors, plus the CPU seconds wrk itself used.
 *
 * @param errors socket errors (connect, read, write, timeout) plus non-2xx/3xx answers
 */
public record WrkResult(long requests, double seconds, double p50Ms, double p99Ms, double meanMs, long errors,
                        double loadGeneratorCpuSeconds) {

    /** The marker that starts the JSON line the Lua {@code done()} hook prints. */
    static final String MARKER = "WRK_JSON ";
    private static final ObjectMapper JSON = new ObjectMapper();

    public double rps() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** Parses wrk's output; {@code cpuSeconds} is what the wrapper shell measured. */
    static WrkResult parse(String output, double cpuSeconds) {
        for (String line : output.split("\n")) {
            if (line.startsWith(MARKER)) {
                try {
                    JsonNode j = JSON.readTree(line.substring(MARKER.length()));
                    long errors = j.path("errors_connect").asLong() + j.path("errors_read").asLong()
                            + j.path("errors_write").asLong() + j.path("errors_timeout").asLong()
                            + j.path("errors_status").asLong();
                    return new WrkResult(j.path("requests").asLong(), j.path("duration_us").asLong() / 1e6,
                            j.path("p50_us").asLong() / 1000.0, j.path("p99_us").asLong() / 1000.0,
                            j.path("mean_us").asDouble() / 1000.0, errors, cpuSeconds);
                } catch (IOException e) {
                    throw new UncheckedIOException("wrk printed a malformed result line: " + line, e);
                }
            }
        }
        throw new IllegalStateException("wrk printed no " + MARKER.trim() + " line; its output was:\n" + output);
    }
}
