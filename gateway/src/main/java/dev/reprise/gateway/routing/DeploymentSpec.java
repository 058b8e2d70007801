package dev.reprise.gateway.routing;

import dev.reprise.models.catalogue.Deployment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One deployment of an alias: the same provider, model and endpoint once per API key of its key pool.
 * {@code id} names it in metrics and the admin API ({@code alias#index}); it never contains a key.
 * {@code firstByteTimeout} bounds a stream's wait for its first token, {@code totalTimeout} (null: none)
 * a whole stream; the provider's own {@code timeout} bounds connecting and each silence.
 */
public record DeploymentSpec(String id, List<Deployment> keyed, int weight, Duration firstByteTimeout,
                             Duration totalTimeout) {

    public static final int DEFAULT_WEIGHT = 1;

    public DeploymentSpec {
        Objects.requireNonNull(id, "id");
        keyed = List.copyOf(keyed);
        if (keyed.isEmpty()) {
            throw new IllegalArgumentException("deployment " + id + " needs at least one key entry");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight of " + id + " must be >= 0, got " + weight);
        }
        firstByteTimeout = firstByteTimeout == null ? keyed.getFirst().timeout() : firstByteTimeout;
    }

    /** A deployment with one key (or none), weight 1, and the first byte due within its timeout. */
    public static DeploymentSpec single(Deployment deployment, int index) {
        return new DeploymentSpec(deployment.alias() + "#" + index, List.of(deployment), DEFAULT_WEIGHT, null, null);
    }

    /** The deployment with its first key: provider, model and endpoint are the same for every key. */
    public Deployment primary() {
        return keyed.getFirst();
    }
}
