package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The HTTP layer on its own, against a hand-written HTTP/1.1 server that shows the raw request line and closes
 * each connection shortly after answering, as upstreams do with idle keep-alive connections.
 */
class UpstreamHttpClientTest {

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private UpstreamHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::acceptLoop);
        client = new UpstreamHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void should_send_the_query_string_as_given() {
        SuccessfulHttpResponse response = client.execute(post("/v1beta/models/m:streamGenerateContent?alt=sse&k=a%2Bb"));

        assertEquals(200, response.statusCode());
        assertEquals("POST /v1beta/models/m:streamGenerateContent?alt=sse&k=a%2Bb HTTP/1.1", requestLines.get(0));
    }

    @Test
    void should_open_a_new_connection_when_the_upstream_closed_the_idle_one() throws InterruptedException {
        assertEquals("{\"ok\":true}", client.execute(post("/v1/chat/completions")).body());
        // The server closes each connection 50 ms after answering; the pooled one is dead by now.
        Thread.sleep(300);

        SuccessfulHttpResponse second = client.execute(post("/v1/chat/completions"));

        assertEquals("{\"ok\":true}", second.body());
        assertEquals(2, connections.get());
    }

    @Test
    void should_give_up_connecting_after_the_connect_timeout_not_the_read_timeout() throws IOException {
        // A listener that never accepts and whose accept queue is full drops new SYNs: the connect hangs, as it
        // does against a host that is down behind a firewall.
        try (ServerSocket unreachable = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             UpstreamHttpClient patient = new UpstreamHttpClient(Duration.ofMillis(300), Duration.ofMinutes(5))) {
            List<Socket> queued = fillAcceptQueue(unreachable);
            try {
                HttpRequest request = post(unreachable.getLocalPort(), "/v1/chat/completions");

                RuntimeException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(RuntimeException.class, () -> patient.execute(request)));

                assertInstanceOf(TimeoutException.class, e, () -> "got " + e);
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /** Connects until a connect times out; the sockets that got in hold the queue full. */
    private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        queued.forEach(UpstreamHttpClientTest::closeQuietly);
        // Linux drops a SYN when the accept queue is full; a network stack that does not cannot stage a hung connect.
        Assumptions.abort("this platform accepts connections beyond a full backlog");
        return queued;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Test cleanup.
        }
    }

    private HttpRequest post(String path) {
        return post(server.getLocalPort(), path);
    }

    private static HttpRequest post(int port, String path) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://127.0.0.1:" + port + path)
                .addHeader("Content-Type", "application/json")
                .body("{\"q\":1}")
                .build();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> answerOnceThenClose(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answerOnceThenClose(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            requestLines.add(in.readLine());
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            in.skip(length);
            String body = "{\"ok\":true}";
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(50);
        } catch (IOException | InterruptedException ignored) {
            // The test asserts on what the client saw.
        }
    }
}
