package dev.reprise.gateway.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code redis-server} for one test: on a free loopback port, in a temp folder, with nothing saved to disk.
 * It can be stopped and started again on the same port, as a Redis outage looks to the gateways.
 */
public final class RedisServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/redis-server");
    /** A bound on the server's own start-up, not a timing under test. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(10);

    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private RedisServer(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Whether redis-server is installed, for tests that run without it and skip only their Redis part. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts one; skips the test, saying why, when redis-server is not installed. */
    public static RedisServer start() throws IOException {
        return start(null);
    }

    /** Starts one that requires {@code password} (null: none). */
    public static RedisServer start(String password) throws IOException {
        assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed at " + BINARY
                + " (apt-get install redis-server; .ci/run does): skipping the cluster test");
        RedisServer server = new RedisServer(Files.createTempDirectory("reprise-redis"), ServerProcesses.freePort(),
                password);
        server.restart();
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) and returns once it accepts connections. */
    public void restart() throws IOException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--save", "", "--appendonly", "no",
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server has been started and not stopped since (it may still have crashed). */
    public boolean running() {
        return process != null;
    }

    /** Kills the server, as an outage would, and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as a hung Redis looks. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a {@link #pause paused} server (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        ServerProcesses.signal(process, signal);
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
