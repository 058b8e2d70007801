package dev.reprise.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and failing to start: a taken port and a bad config end with a clear line, not a stack trace. */
class StartupTest {

    @Test
    void should_fail_clearly_when_the_port_is_taken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = GatewayFixture.config(GatewayFixture.MOCK_ONLY);
            var onTakenPort = config.withServer(config.server().withPort(taken.getLocalPort()));
            GatewayStartException e = assertThrows(GatewayStartException.class, () -> Gateway.start(onTakenPort));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void should_print_one_banner_line_and_close_cleanly() {
        Gateway gateway = Gateway.start(GatewayFixture.config(GatewayFixture.MOCK_ONLY));
        try {
            assertTrue(gateway.port() > 0);
            assertEquals("Reprise listening on http://127.0.0.1:" + gateway.port() + " (models: mock)", gateway.banner());
        } finally {
            gateway.close();
            gateway.close();
        }
    }

    /** Runs Main in a fresh JVM, as the launcher does, and returns its exit status and stderr. */
    private static Result runMain(Path workDir, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(false).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "Main should exit");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), err);
    }

    private record Result(int exit, String stderr) {
    }

    @Test
    void should_exit_2_with_one_line_for_a_bad_config(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                models:
                  - name: mock
                    provider: mock
                  - name: other
                    provider: openai
                    model: gpt-4o-mini
                    bse-url: http://localhost:1234
                """);
        Result r = runMain(dir, "serve", "--config", config.toString(), "--port", "0");
        assertEquals(Main.EXIT_BAD_START, r.exit());
        String line = r.stderr().lines().filter(l -> l.startsWith("reprise: ")).findFirst().orElseThrow(
                () -> new AssertionError("no 'reprise:' line in\n" + r.stderr()));
        assertTrue(line.contains("models[1].bse-url"), line);
        assertFalse(r.stderr().contains("\tat "), "no stack trace:\n" + r.stderr());
    }

    @Test
    void should_exit_2_when_the_port_is_taken(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("reprise.yaml"), GatewayFixture.MOCK_ONLY);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = runMain(dir, "serve", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(Main.EXIT_BAD_START, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("reprise: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.stderr());
            assertFalse(r.stderr().contains("\tat dev.reprise"), "no stack trace of ours:\n" + r.stderr());
        }
    }
}
