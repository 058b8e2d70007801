package dev.reprise.bench.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a child JVM on a port it picks itself, its output appended to a log file; {@link #kill()} is
 * {@code kill -9}: no shutdown hook, no close, no last commit.
 */
final class KillableGateway {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;

    private KillableGateway(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code serve --config config --port 0} with this JVM and class path; empty when it did not say it
     * listens within {@code deadline} (or ended first), in which case it is killed.
     */
    static Optional<KillableGateway> start(Path config, Path log, Duration deadline) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "dev.reprise.gateway.Main",
                "serve", "--config", config.toString(), "--port", "0");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        // A bench stopped by a signal takes its gateway along, instead of leaving it running.
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        // A platform thread: a pipe read blocks its carrier, and a few of them on virtual threads can hold every
        // carrier of a 2-core machine (seen in ChildGateway).
        Thread.ofPlatform().daemon().name("gateway-output").start(() -> copy(child, log, port));
        try {
            return Optional.of(new KillableGateway(child, port.get(deadline.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            threadDump(child, log);
            kill(child);
            return Optional.empty();
        } catch (ExecutionException e) {
            kill(child);
            return Optional.empty();
        } catch (InterruptedException e) {
            kill(child);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** What a start that missed its deadline was doing, appended to its log: slow or hung is then readable. */
    private static void threadDump(Process child, Path log) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            dump.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No jcmd in this runtime: the log says what the start printed, which must do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return port;
    }

    /** {@code kill -9}, then waits for the process to end. */
    void kill() {
        kill(process);
    }

    private static void kill(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child gateway did not end after kill -9");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every line to the log, flushed as it comes (the process may die at any moment); the port once it is named. */
    private static void copy(Process child, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
             Writer to = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                to.write(line);
                to.write('\n');
                to.flush();
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("the child ended before it listened"));
        } catch (IOException e) {
            port.completeExceptionally(new UncheckedIOException(e));
        }
    }
}
