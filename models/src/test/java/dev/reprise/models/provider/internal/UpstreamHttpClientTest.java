package dev.reprise.models.provider.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.reprise.testing.HangingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP layer on its own, against a hand-written HTTP/1.1 server that shows the raw request line and closes
 * each connection shortly after answering, as upstreams do with idle keep-alive connections. A test may script
 * the raw bytes of the answer instead, to control its framing exactly; the server then ends its side of the
 * connection right after writing them, and sees when the client closes its own.
 */
class UpstreamHttpClientTest {

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"choices\":[]}";

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** The raw answer to write before closing, or null for the default keep-alive answer. */
    private volatile String rawAnswer;
    /** Counted down when the client closes a connection that got a raw answer. */
    private final CountDownLatch clientClosed = new CountDownLatch(1);
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
        try (HangingListener unreachable = HangingListener.open();
             UpstreamHttpClient patient = new UpstreamHttpClient(Duration.ofMillis(300), Duration.ofMinutes(5))) {
            HttpRequest request = post(unreachable.port(), "/v1/chat/completions");

            RuntimeException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(RuntimeException.class, () -> patient.execute(request)));

            assertInstanceOf(TimeoutException.class, e, () -> "got " + e);
        }
    }

    @Test
    void should_read_a_body_that_ends_when_the_upstream_closes_the_connection() {
        rawAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ANSWER;

        SuccessfulHttpResponse response = client.execute(post("/v1/chat/completions"));

        assertEquals(200, response.statusCode());
        assertEquals(ANSWER, response.body());
        assertEquals(1, connections.get());
    }

    @Test
    void should_read_a_close_delimited_body_without_a_connection_header_and_not_reuse_its_connection()
            throws InterruptedException {
        // RFC 9112 6.3: an HTTP/1.1 answer with neither length nor chunks ends when the connection closes,
        // whether or not it says "Connection: close".
        rawAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + ANSWER;

        assertEquals(ANSWER, client.execute(post("/v1/chat/completions")).body());
        // A client that kept the connection for the next request would close it only when the test ends.
        assertTrue(clientClosed.await(5, TimeUnit.SECONDS), "the client closed the connection");
        assertEquals(ANSWER, client.execute(post("/v1/chat/completions")).body());

        assertEquals(2, connections.get());
    }

    @Test
    void should_stream_a_close_delimited_body_to_its_end() throws InterruptedException {
        rawAnswer = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "data: one\n\ndata: two\n\ndata: [DONE]\n\n";
        RecordedStream stream = new RecordedStream();

        client.execute(post("/v1/chat/completions"), new DefaultServerSentEventParser(), stream);

        assertTrue(stream.closed.await(5, TimeUnit.SECONDS), () -> "the stream ended, errors: " + stream.errors);
        assertEquals(List.of("one", "two", "[DONE]"), stream.events);
        assertEquals(List.of(), stream.errors);
    }

    @Test
    void should_fail_a_body_shorter_than_its_content_length_as_incomplete() {
        rawAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                + ANSWER.substring(0, 10);

        assertThrows(IncompleteBodyException.class, () -> client.execute(post("/v1/chat/completions")));
    }

    @Test
    void should_fail_a_chunked_body_that_ends_before_its_last_chunk_as_incomplete() throws InterruptedException {
        rawAnswer = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "b\r\ndata: one\n\n\r\n";
        RecordedStream stream = new RecordedStream();

        client.execute(post("/v1/chat/completions"), new DefaultServerSentEventParser(), stream);

        assertTrue(stream.failed.await(5, TimeUnit.SECONDS), "the stream failed");
        assertEquals(List.of("one"), stream.events);
        assertInstanceOf(IncompleteBodyException.class, stream.errors.get(0), () -> "got " + stream.errors);
        assertEquals(1, stream.errors.size());
    }

    @Test
    void should_read_a_close_delimited_error_body_with_its_status() {
        rawAnswer = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 7\r\n"
                + "Connection: close\r\n\r\n{\"error\":{\"message\":\"slow down\"}}";

        UpstreamHttpException e = assertThrows(UpstreamHttpException.class,
                () -> client.execute(post("/v1/chat/completions")));

        assertEquals(429, e.statusCode());
        assertEquals("{\"error\":{\"message\":\"slow down\"}}", e.body());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    }

    /** What a stream's listener heard. */
    private static final class RecordedStream implements ServerSentEventListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch failed = new CountDownLatch(1);

        @Override
        public void onEvent(ServerSentEvent event) {
            events.add(event.data());
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
            failed.countDown();
        }

        @Override
        public void onClose() {
            closed.countDown();
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
            OutputStream out = socket.getOutputStream();
            String raw = rawAnswer;
            if (raw != null) {
                out.write(raw.getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The body ends here for the client; the read below then ends when the client closes its side.
                socket.shutdownOutput();
                while (in.read() != -1) {
                    in.skip(Long.MAX_VALUE);
                }
                clientClosed.countDown();
                return;
            }
            String body = "{\"ok\":true}";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(50);
        } catch (IOException | InterruptedException ignored) {
            // The test asserts on what the client saw.
        }
    }
}
