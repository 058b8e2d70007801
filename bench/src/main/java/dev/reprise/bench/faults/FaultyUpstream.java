package dev.reprise.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible upstream on a raw socket that fails on the wire as its {@link FaultMix} draws: a 500 with an
 * OpenAI error body, a hang (the request is read, nothing is ever answered), or a stream whose connection closes
 * after some chunks without the chunked body's last chunk. Otherwise it answers {@link #ANSWER}, whole or as a stream
 * of {@link #PIECES} chunks {@code chunkGapMillis} apart. Every connection closes after its answer, so a cut or a
 * hang never poisons a pooled connection. A stall is a cut whose connection stays open, silent; a drip is a 200 that
 * sends a space (or, streamed, an SSE comment) every {@link #DRIP_GAP_MILLIS} and never the answer. It remembers which faults each prompt met.
 */
public final class FaultyUpstream implements AutoCloseable {

    public static final String MODEL = "gpt-4o-mini";
    public static final List<String> PIECES = List.of("Open Settings, ", "choose Account, ", "then Security, ",
            "and click ", "Reset ", "password.");
    public static final String ANSWER = String.join("", PIECES);

    public static final long DRIP_GAP_MILLIS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket server;
    private final FaultMix mix;
    private final long chunkGapMillis;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, List<FaultMix.Fault>> met = new ConcurrentHashMap<>();

    private FaultyUpstream(ServerSocket server, FaultMix mix, long chunkGapMillis) {
        this.server = server;
        this.mix = mix;
        this.chunkGapMillis = chunkGapMillis;
    }

    /** Listens on a free loopback port. */
    public static FaultyUpstream start(FaultMix mix, long chunkGapMillis) {
        try {
            FaultyUpstream upstream = new FaultyUpstream(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()),
                    mix, chunkGapMillis);
            Thread.ofVirtual().name("faulty-upstream-accept").start(upstream::acceptLoop);
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    /** The base URL an OpenAI client takes, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** The faults the calls carrying {@code prompt} met, in order (NONE for an answer). */
    public List<FaultMix.Fault> met(String prompt) {
        List<FaultMix.Fault> faults = met.get(prompt);
        if (faults == null) {
            return List.of();
        }
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }

    /** How many calls met each fault. */
    public Map<FaultMix.Fault, Integer> counts() {
        Map<FaultMix.Fault, Integer> counts = new EnumMap<>(FaultMix.Fault.class);
        for (List<FaultMix.Fault> faults : met.values()) {
            synchronized (faults) {
                faults.forEach(f -> counts.merge(f, 1, Integer::sum));
            }
        }
        return counts;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String requestLine = readLine(in);
            int length = 0;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            byte[] body = in.readNBytes(length);
            OutputStream out = socket.getOutputStream();
            if (requestLine == null || !requestLine.startsWith("POST") || !requestLine.contains("/chat/completions")) {
                json(out, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            boolean stream = request.path("stream").asBoolean(false);
            JsonNode messages = request.path("messages");
            String prompt = messages.path(messages.size() - 1).path("content").asText("");
            List<FaultMix.Fault> seen = met.computeIfAbsent(prompt, p -> new ArrayList<>());
            FaultMix.Fault fault;
            int call;
            synchronized (seen) {
                call = seen.size();
                fault = mix.pick(prompt, call, stream);
                seen.add(fault);
            }
            switch (fault) {
                case SERVER_ERROR -> json(out, 500, "{\"error\":{\"message\":\"The server had an error while processing"
                        + " your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                case HANG -> closed.await(10, TimeUnit.MINUTES);
                case CUT -> stream(out, mix.cutAfter(prompt, call, PIECES.size()));
                case DRIP -> drip(out, stream);
                case STALL -> {
                    stream(out, mix.cutAfter(prompt, call, PIECES.size()));
                    closed.await(10, TimeUnit.MINUTES);
                }
                case NONE -> {
                    if (stream) {
                        stream(out, PIECES.size());
                    } else {
                        json(out, 200, completion());
                    }
                }
            }
        } catch (IOException e) {
            // The gateway hung up (its timeout, or a cancel): nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A stream of the first {@code pieces} chunks; a whole one ends with a stop, [DONE] and the last chunk. */
    private void stream(OutputStream out, int pieces) throws IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk(out, event("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (int i = 0; i < pieces; i++) {
            Thread.sleep(chunkGapMillis);
            chunk(out, event("{\"content\":\"" + PIECES.get(i) + "\"}", "null"));
        }
        if (pieces < PIECES.size()) {
            // Cut: the connection closes with no stop, no [DONE] and no last chunk.
            return;
        }
        chunk(out, event("{}", "\"stop\""));
        chunk(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Headers, then a space or an SSE comment every {@link #DRIP_GAP_MILLIS} until the gateway hangs up. */
    private void drip(OutputStream out, boolean stream) throws IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (stream ? "text/event-stream" : "application/json")
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (!closed.await(DRIP_GAP_MILLIS, TimeUnit.MILLISECONDS)) {
            chunk(out, stream ? ": keep-alive\n\n" : " ");
        }
    }

    private static String event(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-faulty\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static String completion() {
        return "{\"id\":\"chatcmpl-faulty\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + MODEL
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":14,"
                + "\"total_tokens\":34}}";
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void json(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
