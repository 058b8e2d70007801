package dev.reprise.bench.load;

import java.util.List;

/**
 * The JVM flags the load run starts the gateway with: the same as {@code ./reprise serve} passes, so the figures
 * describe the gateway as users run it ({@code GatewayJvmTest} checks the two lists agree).
 */
final class GatewayJvm {

    /** Flags the gateway needs to run at all: ONNX Runtime's native access and Lucene's vector API. */
    static final List<String> REQUIRED_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-modules", "jdk.incubator.vector");

    /** Heap and collector defaults; see bench/README.md, "Memory and tail latency", for the runs behind them. */
    static final List<String> DEFAULT_FLAGS = List.of("-XX:+UseG1GC", "-Xms192m", "-Xmx192m");

    private GatewayJvm() {
    }
}
