package dev.reprise.bench.compare;

import dev.reprise.gateway.Gateway;
import dev.reprise.gateway.config.ConfigLoader;
import dev.reprise.gateway.config.GatewayConfig;
import dev.reprise.gateway.routing.RoutingTable;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The gateway the requests go to: the real one started in-process on a config, on a free loopback port and with a
 * throw-away data folder (so a comparison never touches the cache index, ledger or keys of a gateway that runs from
 * the same config), or a running one at a URL. {@code routing} is the config's, when there is one, for prices
 * and variants.
 */
public final class GatewayTarget implements AutoCloseable {

    private final URI url;
    private final RoutingTable routing;
    private final Gateway gateway;
    private final Path dataDir;

    private GatewayTarget(URI url, RoutingTable routing, Gateway gateway, Path dataDir) {
        this.url = url;
        this.routing = routing;
        this.gateway = gateway;
        this.dataDir = dataDir;
    }

    public static GatewayTarget open(CompareOptions options, ConfigLoader loader) {
        if (!options.inProcess()) {
            RoutingTable routing = options.config() == null ? null : loader.loadFile(options.config()).routing();
            return new GatewayTarget(options.url(), routing, null, null);
        }
        GatewayConfig config = loader.load(Optional.ofNullable(options.config()), Path.of(""));
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("reprise-compare-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a data folder for the in-process gateway", e);
        }
        config = config.withServer(config.server().withHost("127.0.0.1").withPort(0)).withDataDir(dataDir);
        Gateway gateway = Gateway.start(config);
        return new GatewayTarget(URI.create(gateway.url()), config.routing(), gateway, dataDir);
    }

    public URI url() {
        return url;
    }

    /** The routing table of the config, or null for a remote gateway without {@code --config}. */
    public RoutingTable routing() {
        return routing;
    }

    public String describe() {
        return gateway == null ? url.toString() : "in-process gateway (" + url + ")";
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary folder is harmless.
            }
        }
    }
}
