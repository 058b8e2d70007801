package dev.reprise.gateway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reprise.models.wire.WireJson;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI upstream for two models: {@code gpt-bot} answers each question with {@code ANSWER to <question>}, and
 * {@code gpt-judge} replies as the test sets it (a verdict, prose, a 500, or no answer until closed).
 */
final class JudgeUpstream implements AutoCloseable {

    static final String BOT = "gpt-bot";
    static final String JUDGE = "gpt-judge";
    /** The judge's usage per call: 100 prompt tokens and 8 completion tokens. */
    static final long JUDGE_IN = 100;
    static final long JUDGE_OUT = 8;

    /** How the judge model behaves. */
    enum Judge { SAME, DIFFERENT, PROSE, FAIL, HANG }

    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    volatile Judge judge = Judge.SAME;
    final AtomicInteger botCalls = new AtomicInteger();
    final AtomicInteger judgeCalls = new AtomicInteger();
    final List<JsonNode> judgeRequests = new CopyOnWriteArrayList<>();

    JudgeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                JsonNode body = WireJson.mapper().readTree(ex.getRequestBody().readAllBytes());
                if (JUDGE.equals(body.path("model").asText())) {
                    judgeCalls.incrementAndGet();
                    judgeRequests.add(body);
                    judge(ex);
                } else {
                    botCalls.incrementAndGet();
                    JsonNode messages = body.path("messages");
                    answer(ex, "ANSWER to " + messages.get(messages.size() - 1).path("content").asText(), 20, 10);
                }
            } catch (IOException e) {
                // the gateway hung up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static String answerTo(String question) {
        return "ANSWER to " + question;
    }

    private void judge(HttpExchange ex) throws IOException, InterruptedException {
        switch (judge) {
            case SAME -> answer(ex, "{\"same_answer\": true}", JUDGE_IN, JUDGE_OUT);
            case DIFFERENT -> answer(ex, "{\"same_answer\": false}", JUDGE_IN, JUDGE_OUT);
            case PROSE -> answer(ex, "I think they are probably the same.", JUDGE_IN, JUDGE_OUT);
            case FAIL -> send(ex, 500, "{\"error\":{\"message\":\"judge broke\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}");
            case HANG -> closing.await();
        }
    }

    private static void answer(HttpExchange ex, String content, long in, long out) throws IOException {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("id", "chatcmpl-up").put("object", "chat.completion").put("created", 1700000000)
                .put("model", "up-model");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        send(ex, 200, body.toString());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
