package dev.reprise.gateway.server;

import io.helidon.common.socket.SocketOptions;

import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Helidon's options for accepted sockets, plus handing each accepted socket to {@link ConnectionDeadlines}.
 * Configuring the socket is the one point where Helidon 4.5 shows an accepted connection to the application
 * before reading from it.
 */
public final class WatchingSocketOptions implements SocketOptions {

    private final SocketOptions delegate;
    private final ConnectionDeadlines deadlines;

    public WatchingSocketOptions(SocketOptions delegate, ConnectionDeadlines deadlines) {
        this.delegate = delegate;
        this.deadlines = deadlines;
    }

    @Override
    public void configureSocket(SocketChannel socket) {
        delegate.configureSocket(socket);
        deadlines.accepted(socket);
    }

    @Override
    public void configureSocket(Socket socket) {
        delegate.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return delegate.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return delegate.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return delegate.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return delegate.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return delegate.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return delegate.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return delegate.tcpNoDelay();
    }
}
