package dev.reprise.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags the load run starts the gateway with: the same as {@code ./reprise serve} passes, so the figures
 * describe the gateway as users run it ({@code GatewayJvmTest} checks the two lists agree).
 */
public final class GatewayJvm {

    /** Flags the gateway needs to run at all: ONNX Runtime's native access and Lucene's vector API. */
    static final List<String> REQUIRED_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-modules", "jdk.incubator.vector");

    /** Heap and collector defaults; see bench/README.md, "Memory and tail latency", for the runs behind them. */
    static final List<String> DEFAULT_FLAGS = List.of("-XX:+UseG1GC", "-Xms192m", "-Xmx192m");

    private GatewayJvm() {
    }

    /**
     * The command that starts the gateway's jar as {@code ./reprise serve} does: {@code java}, the required flags, the
     * default heap and collector, {@code -jar}, then {@code args}. The benches that report the gateway's memory or
     * latency start it so.
     */
    public static List<String> serve(String java, Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(REQUIRED_FLAGS);
        command.addAll(DEFAULT_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        command.addAll(args);
        return command;
    }
}
