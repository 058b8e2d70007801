package dev.reprise.bench.crash;

import dev.reprise.gateway.cache.CacheStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that each send distinct questions, one after another, to a gateway's mock alias until stopped: every
 * answer is a miss the gateway then stores. It keeps the questions the gateway answered as misses.
 */
final class MissLoad implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chat;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final List<Thread> clients = new ArrayList<>();

    /** Starts {@code concurrency} clients; questions read {@code "<prefix> question <n>"}. */
    MissLoad(int port, String prefix, int concurrency) {
        this.chat = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        this.prefix = prefix;
        for (int i = 0; i < concurrency; i++) {
            clients.add(Thread.ofVirtual().start(this::run));
        }
    }

    private void run() {
        while (running.get()) {
            String question = prefix + " question " + next.getAndIncrement();
            try {
                HttpResponse<String> r = http.send(request(chat, question), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && "miss".equals(r.headers().firstValue(CacheStatus.HEADER).orElse(""))) {
                    answered.add(question);
                }
            } catch (IOException gone) {
                return; // the gateway was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static HttpRequest request(URI chat, String question) {
        return HttpRequest.newBuilder(chat).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + question + "\"}]}")).build();
    }

    /** The questions answered as misses so far. */
    Set<String> answered() {
        return Set.copyOf(answered);
    }

    /** Stops sending and waits for the clients (their calls end once the gateway is gone). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) {
            t.join(TIMEOUT.toMillis());
        }
        http.close();
    }
}
