package dev.reprise.gateway.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A part of the gateway that {@code /health} reports on without letting it decide readiness: the gateway serves
 * requests either way (e.g. {@code redis}: down means limits are local to this node, not that requests fail).
 */
public record HealthComponent(String name, BooleanSupplier up) {

    public HealthComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(up, "up");
    }
}
