package dev.reprise.bench.hostile;

import dev.reprise.bench.load.GatewayJvm;
import dev.reprise.bench.load.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway a hostile run starts for itself: a child JVM from {@code gateway/target/reprise-gateway.jar} whose
 * config has client keys with limits, alias limits, both guardrails, the ledger, the cache and the admin API on, so
 * every stage a hostile request can reach is there to be hit.
 */
final class HostileGateway {

    static final String CLIENT_KEY = "sk-hostile-bench";
    static final String ADMIN_KEY = "adm-hostile-bench";

    private HostileGateway() {
    }

    static String config(Path dataDir, long maxBody) {
        return """
                server:
                  max-body-size: %d
                data-dir: %s
                keys:
                  - { id: client, key: %s, limits: { rpm: 1000000, tpm: 1000000000 } }
                admin:
                  key: %s
                models:
                  - name: mock
                    provider: mock
                    latency: 0ms
                    price: { input: 0.15, output: 0.60 }
                limits:
                  aliases:
                    mock: { rpm: 1000000, tpm: 1000000000 }
                guardrails:
                  pii: { action: redact, restore: true }
                  injection: { action: flag }
                cache:
                  enabled: true
                ledger:
                  enabled: true
                """.formatted(maxBody, dataDir, CLIENT_KEY, ADMIN_KEY);
    }

    /** Starts the gateway on a free port with its config and data in {@code work}; the caller waits for it. */
    static ManagedProcess start(Path root, Path work, int port, long maxBody) {
        try {
            Files.createDirectories(work);
            Path config = work.resolve("reprise.yaml");
            Files.writeString(config, config(work.resolve("data"), maxBody));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return ManagedProcess.start("reprise", GatewayJvm.serve(java,
                    root.resolve("gateway/target/reprise-gateway.jar"), List.of("--config", config.toString(),
                    "--port", Integer.toString(port))), root, work.resolve("reprise.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
