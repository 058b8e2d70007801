package dev.reprise.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs wrk with {@code bench/scripts/wrk-chat.lua} for one cell. wrk runs under a shell that prints its own
 * {@code /proc/self/stat} afterwards, whose children fields give the CPU wrk used.
 */
public final class Wrk {

    private final Path luaScript;

    public Wrk(Path luaScript) {
        this.luaScript = luaScript;
    }

    /**
     * Drives {@code url} with {@code connections} connections for {@code duration}; the request is described by the
     * {@code WRK_*} variables in {@code env} (see the Lua script).
     */
    public WrkResult run(String url, int connections, Duration duration, Map<String, String> env) {
        int threads = Math.min(2, connections);
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "wrk \"$@\"; status=$?; echo; echo \"WRK_STAT $(cat /proc/$$/stat)\"; exit $status", "bash",
                "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "10s",
                "-s", luaScript.toString(), url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException("wrk exited with " + status + ":\n" + output);
            }
            double cpu = 0;
            for (String line : output.split("\n")) {
                if (line.startsWith("WRK_STAT ")) {
                    cpu = ProcStats.cpuSecondsOf(line.substring("WRK_STAT ".length()), true);
                }
            }
            return WrkResult.parse(output, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        }
    }
}
