package dev.reprise.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a child JVM on an ephemeral port, for tests of what survives {@code kill -9}: {@link #close()} kills it
 * with SIGKILL (no shutdown hook, no close, no last flush) and waits for it to end.
 */
public final class ChildGateway implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private ChildGateway(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code serve --config configFile --port 0} with this JVM and class path, once it names its port. */
    public static ChildGateway start(Path configFile) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "dev.reprise.gateway.Main",
                "serve", "--config", configFile.toString(), "--port", "0");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ChildGateway(child, awaitPort(child));
        } catch (Exception | AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** Reads the child's output until its start-up line names the port, then drains the rest. */
    private static int awaitPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // A platform thread: a virtual one blocked on a pipe read holds its carrier, and three children's
                // drains on a 2-core machine then held every carrier, starving the test's own virtual threads.
                Thread.ofPlatform().daemon().name("child-gateway-output").start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the child gateway did not start:\n" + seen);
    }

    /** {@code kill -9}, then waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child gateway did not end after kill -9");
        }
    }
}
