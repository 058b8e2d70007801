package dev.reprise.gateway;

import dev.reprise.gateway.config.ConfigException;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.reload.ConfigWatcher;
import io.helidon.logging.common.LogConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts Reprise: parses the command line, loads the config, starts the {@link Gateway} and closes it
 * on shutdown. Exits with 2 and a one-line message (no stack trace) when the command line or config is
 * wrong or the port cannot be bound.
 */
public final class Main {

    /** The exit status for a start that failed for a reason the user can fix. */
    public static final int EXIT_BAD_START = 2;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        try {
            LaunchArgs launch = LaunchArgs.parse(args);
            if (launch.help()) {
                System.out.println(LaunchArgs.USAGE);
                return;
            }
            Gateway.Options options = Gateway.Options.defaults();
            Path file = configFile(launch);
            if (file != null) {
                options = options.watching(file, ConfigWatcher.DEFAULT_INTERVAL);
            }
            Gateway gateway = Gateway.start(configure(launch), options);
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "reprise-shutdown"));
            System.out.println(gateway.banner());
        } catch (ConfigException | GatewayStartException | LaunchArgs.UsageException e) {
            System.err.println("reprise: " + e.getMessage());
            System.exit(EXIT_BAD_START);
        }
    }

    /** The file the config comes from, watched for hot reloads; null for the built-in default. */
    static Path configFile(LaunchArgs launch) {
        if (launch.config().isPresent()) {
            return launch.config().get().toAbsolutePath();
        }
        Path local = Path.of("").toAbsolutePath().resolve(ConfigLoader.WORKING_DIR_FILE);
        return Files.isRegularFile(local) ? local : null;
    }

    /** The config file's settings with the command line's overrides. */
    static GatewayConfig configure(LaunchArgs launch) {
        GatewayConfig config = ConfigLoader.withSystemEnv().load(launch.config(), Path.of("").toAbsolutePath());
        if (launch.port().isPresent()) {
            config = config.withServer(config.server().withPort(launch.port().get()));
        }
        if (launch.host().isPresent()) {
            config = config.withServer(config.server().withHost(launch.host().get()));
        }
        return config;
    }
}
