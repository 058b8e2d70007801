package dev.reprise.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client on a raw socket, for requests no HTTP client would send (headers that never end, broken chunks) and
 * for watching when the server closes the connection. Reads wait at most {@link #PATIENCE}.
 */
public final class RawClient implements AutoCloseable {

    /** How long a read waits before the test fails: generous, since only a server that never closes hits it. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Socket socket;
    private final PushbackInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new PushbackInputStream(socket.getInputStream(), 1);
    }

    public static RawClient connect(int port) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) PATIENCE.toMillis());
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawClient send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends nothing more, as a client does when it has written all it means to. */
    public RawClient halfClose() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the server sends until it closes the connection; fails if it keeps it open past the patience. */
    public String readUntilClosed() {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + PATIENCE.toSeconds()
                    + " s; it sent: " + seen.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketException e) {
            // A reset closes the connection too (the server closed with our bytes unread).
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** One whole response with a Content-Length body, leaving the connection open. */
    public String readResponse() {
        try {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection closed mid-response: " + head);
                }
                head.append((char) b);
            }
            int length = head.toString().lines()
                    .filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip()))
                    .findFirst().orElse(0);
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within " + PATIENCE.toSeconds() + " s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a byte arrives within {@code wait}; the byte stays to be read. */
    public boolean answersWithin(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            int b = in.read();
            if (b >= 0) {
                in.unread(b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout((int) PATIENCE.toMillis());
            } catch (SocketException ignored) {
                // closed: the next read says so
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
