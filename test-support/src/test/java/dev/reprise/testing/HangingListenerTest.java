package dev.reprise.testing;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertThrows;

class HangingListenerTest {

    @Test
    void should_leave_a_connect_to_it_hanging_until_the_connect_timeout() throws Exception {
        try (HangingListener listener = HangingListener.open(); Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port());
            assertThrows(SocketTimeoutException.class, () -> socket.connect(address, 300));
        }
    }
}
