package dev.reprise.gateway;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line: {@code [serve] [--config FILE] [--port N] [--host HOST]} or {@code help}. Both
 * {@code --port 8080} and {@code --port=8080} work.
 */
public record LaunchArgs(boolean help, Optional<Path> config, Optional<Integer> port, Optional<String> host) {

    public static final String USAGE = "usage: reprise serve [--config FILE] [--port N] [--host HOST]";

    /** A command line that cannot be understood; the message says why. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message + "\n" + USAGE);
        }
    }

    public static LaunchArgs parse(String... args) {
        Optional<Path> config = Optional.empty();
        Optional<Integer> port = Optional.empty();
        Optional<String> host = Optional.empty();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            switch (args[0]) {
                case "serve" -> i = 1;
                case "help" -> {
                    return new LaunchArgs(true, config, port, host);
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            }
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--help") || name.equals("-h")) {
                return new LaunchArgs(true, config, port, host);
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--config" -> config = Optional.of(Path.of(value));
                case "--port" -> port = Optional.of(port(value));
                case "--host" -> host = Optional.of(value);
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }
        return new LaunchArgs(false, config, port, host);
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p < 0 || p > 65535) {
                throw new UsageException("--port must be between 0 and 65535, got " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, got '" + value + "'");
        }
    }
}
