package dev.reprise.bench.export;

import dev.reprise.bench.eval.EvalMain;
import dev.reprise.bench.eval.EvalOptions;
import dev.reprise.bench.eval.Jsonl;
import dev.reprise.bench.eval.Progress;
import dev.reprise.bench.eval.StreamQuery;
import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.EnvSubstitution;
import dev.reprise.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's query log export is a file the evaluator reads as it is: a real gateway (real MiniLM, real Lucene)
 * logs labelled requests, {@code GET /admin/cache/export} writes the file, and {@code ./reprise eval} runs on it.
 */
class GatewayExportEvalTest {

    private static final String YAML = """
            admin:
              key: admin-secret
            models:
              - name: mock
                provider: mock
                latency: 0ms
            cache:
              query-log:
                enabled: true
            """;

    @TempDir
    Path dir;

    @Test
    void should_export_a_file_the_evaluator_reads_and_refuse_an_unlabelled_line_by_its_number() throws Exception {
        GatewayConfig config = new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(YAML, "test config");
        config = config.withServer(config.server().withPort(0)).withDataDir(dir.resolve("data"));
        Path labelled = dir.resolve("export.jsonl");
        Path all = dir.resolve("all.jsonl");
        try (Gateway gateway = Gateway.start(config); HttpClient http = HttpClient.newHttpClient()) {
            ask(http, gateway, "How do I reset my password?", "password");
            ask(http, gateway, "What are your opening hours?", "hours");
            ask(http, gateway, "How do I reset my password?", null);
            ask(http, gateway, "I forgot my password, how can I reset it?", "password");
            assertTrue(gateway.queryLog().orElseThrow().awaitWrites(Duration.ofSeconds(10)));

            export(http, gateway, "?labelled=true", labelled);
            export(http, gateway, "", all);
        }

        List<StreamQuery> queries = Jsonl.read(labelled, StreamQuery.class);
        assertEquals(List.of(new StreamQuery("How do I reset my password?", "password"),
                new StreamQuery("What are your opening hours?", "hours"),
                new StreamQuery("I forgot my password, how can I reset it?", "password")), queries);

        EvalOptions.UsageException unlabelled = assertThrows(EvalOptions.UsageException.class,
                () -> Jsonl.read(all, StreamQuery.class));
        assertTrue(unlabelled.getMessage().startsWith(all + ":3: "), unlabelled.getMessage());
        assertTrue(unlabelled.getMessage().contains("no \"intent\"") && unlabelled.getMessage().contains("labelled=true"),
                unlabelled.getMessage());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EvalMain.run(EvalOptions.parse("--stream", labelled.toString(), "--thresholds", "0.9,1.0",
                "--no-results", "--no-verify"), new PrintStream(out, true, StandardCharsets.UTF_8), Progress.NONE);
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    }

    private static void ask(HttpClient http, Gateway gateway, String text, String intent) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + text + "\"}]}"));
        if (intent != null) {
            b.header("x-reprise-intent", intent);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(gateway.cache().orElseThrow().awaitPendingWrites(Duration.ofSeconds(10)));
    }

    private static void export(HttpClient http, Gateway gateway, String query, Path file) throws Exception {
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/admin/cache/export" + query))
                .header("Authorization", "Bearer admin-secret").GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, r.statusCode(), Files.readString(file));
    }
}
