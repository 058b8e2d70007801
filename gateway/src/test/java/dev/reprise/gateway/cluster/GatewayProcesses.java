package dev.reprise.gateway.cluster;

import dev.reprise.gateway.ChildGateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Several gateways, each in its own JVM with its own data folder, started from one shared config (the cluster's
 * Redis and PostgreSQL in it): the cluster as a load balancer would see it, without the balancer, since the tests
 * choose the node of each request themselves. A node can be killed ({@code kill -9}) and started again on its data.
 */
final class GatewayProcesses implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final String yaml;
    private final List<ChildGateway> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcesses(Path root, String yaml) {
        this.root = root;
        this.yaml = yaml;
    }

    /** Starts {@code count} nodes on {@code yaml} (without {@code data-dir}: each node gets its own). */
    static GatewayProcesses start(int count, String yaml) throws Exception {
        GatewayProcesses cluster = new GatewayProcesses(Files.createTempDirectory("reprise-cluster"), yaml);
        try {
            for (int i = 0; i < count; i++) {
                cluster.nodes.add(cluster.launch(i));
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private ChildGateway launch(int node) throws Exception {
        Path dir = root.resolve("node-" + node);
        Files.createDirectories(dir);
        Path config = dir.resolve("reprise.yaml");
        Files.writeString(config, "data-dir: " + dir.resolve("data") + "\n" + yaml);
        return ChildGateway.start(config);
    }

    int size() {
        return nodes.size();
    }

    /** {@code kill -9} on one node; {@link #restart} brings it back on the same data folder. */
    void kill(int node) throws InterruptedException {
        nodes.get(node).close();
    }

    void restart(int node) throws Exception {
        nodes.set(node, launch(node));
    }

    HttpResponse<String> post(int node, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int node, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, path)).timeout(REQUEST_TIMEOUT).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(int node, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, path)).timeout(REQUEST_TIMEOUT).DELETE();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(int node, String path) {
        return URI.create("http://127.0.0.1:" + nodes.get(node).port() + path);
    }

    @Override
    public void close() throws Exception {
        for (ChildGateway node : nodes) {
            node.close();
        }
        http.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
