package dev.reprise.gateway.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;

/** What the tests' real servers (Redis, PostgreSQL) share: a port no other test takes, and signals to their process. */
final class ServerProcesses {

    private ServerProcesses() {
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up), which the kernel never hands to a port-0 bind: while
     * a server is stopped for an outage test, no gateway or upstream started meanwhile, in this JVM or another, can
     * take its port.
     */
    static int freePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // a fixed-port service has it: try another
            }
        }
        throw new IOException("no free loopback port between 20000 and 32000");
    }

    /** Sends {@code signal} ({@code -STOP}, {@code -CONT}, {@code -QUIT}...) to {@code process} with kill(1). */
    static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }
}
