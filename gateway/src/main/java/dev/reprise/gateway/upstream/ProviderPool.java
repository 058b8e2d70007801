package dev.reprise.gateway.upstream;

import dev.reprise.models.catalogue.Deployment;
import dev.reprise.models.provider.Provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One provider per configured deployment and key, built at start (so a provider that cannot be built
 * stops the start instead of failing the first request) and closed with the gateway.
 */
public final class ProviderPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProviderPool.class.getName());

    private final Map<Deployment, Provider> byDeployment;

    private ProviderPool(Map<Deployment, Provider> byDeployment) {
        this.byDeployment = byDeployment;
    }

    /**
     * Builds a provider for each deployment with {@code factory}.
     *
     * @throws IllegalStateException naming the alias when one cannot be built; those already built are closed
     */
    public static ProviderPool create(List<Deployment> deployments, Function<Deployment, Provider> factory) {
        Map<Deployment, Provider> built = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            if (built.containsKey(d)) {
                continue;
            }
            try {
                built.put(d, factory.apply(d));
            } catch (RuntimeException e) {
                new ProviderPool(built).close();
                throw new IllegalStateException("model alias '" + d.alias() + "' (" + d.provider().configName()
                        + "): cannot create its provider: " + e.getMessage(), e);
            }
        }
        return new ProviderPool(built);
    }

    /** The provider of {@code deployment}; every deployment of the config has one. */
    public Provider get(Deployment deployment) {
        Provider p = byDeployment.get(deployment);
        if (p == null) {
            throw new IllegalStateException("no provider for model alias '" + deployment.alias() + "'");
        }
        return p;
    }

    @Override
    public void close() {
        for (Provider p : new ArrayList<>(byDeployment.values())) {
            try {
                p.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the provider of '" + p.deployment().alias() + "' failed", e);
            }
        }
    }
}
