package dev.reprise.gateway.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real PostgreSQL server for one test, from Debian's {@code postgresql} package: a fresh cluster in a temp folder
 * ({@code initdb}, trust authentication on loopback only, fsync off: the tests never outlive the machine), on a free
 * loopback port, with one database. It can be stopped and started again on the same port and data, as an outage
 * looks to the gateways. PostgreSQL refuses to run as root, so under root (CI) it runs as the package's
 * {@code postgres} user, through {@code setpriv}, which executes it in place: the process the test holds is the
 * server itself, so stopping it never leaves one behind.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    /** The superuser initdb creates; the gateway under test connects as it. */
    public static final String USER = "reprise";
    public static final String DATABASE = "reprise";
    /** A bound on the server's own start-up, not a timing under test. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path bin;
    private final Path dir;
    private final int port;
    private Process process;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one with an empty database {@value #DATABASE}; skips the test, saying why, when PostgreSQL is absent. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Optional<Path> bin = binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL is not installed under " + VERSIONS
                + " (apt-get install postgresql; .ci/run does): skipping the cluster test");
        Path dir = Files.createTempDirectory("reprise-pg");
        PostgresServer server = new PostgresServer(bin.get(), dir, ServerProcesses.freePort());
        if (runningAsRoot()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        server.run(List.of(bin.get().resolve("initdb").toString(), "-D", server.data().toString(), "-A", "trust",
                "-U", USER, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), "initdb");
        server.restart();
        server.run(List.of(bin.get().resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(server.port), "-U", USER, DATABASE), "createdb");
        return server;
    }

    /** The newest installed major version's {@code bin} folder. */
    private static Optional<Path> binaries() throws IOException {
        if (!Files.isDirectory(VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> majorVersion(b.getParent().getFileName().toString())));
        }
    }

    private static int majorVersion(String folder) {
        try {
            return Integer.parseInt(folder);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    /** The gateway's {@code ledger.url} for this server's database. */
    public String url() {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The JDBC URL, for a test's own queries. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Starts the server (again, on the same data and port) and returns once it accepts connections. */
    public void restart() throws IOException {
        List<String> command = asServerUser(List.of(bin.resolve("postgres").toString(), "-D", data().toString(),
                "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "max_connections=100"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("postgres did not start on port " + port + ": " + log());
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Accepting TCP is not yet accepting queries (recovery may still run): pg_isready tells. */
    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            return false;
        }
        try {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", USER).redirectErrorStream(true).start();
            return ready.waitFor(5, TimeUnit.SECONDS) && ready.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the server at once (SIGQUIT: immediate shutdown, as a crash looks) and waits until it is gone. */
    public void stop() throws IOException, InterruptedException {
        if (process != null) {
            signal("-QUIT");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as a hung database looks. */
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

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asServerUser(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(what + ".log").toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(what + " failed: " + Files.readString(dir.resolve(what + ".log")));
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private String log() throws IOException {
        Path log = dir.resolve("postgres.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
