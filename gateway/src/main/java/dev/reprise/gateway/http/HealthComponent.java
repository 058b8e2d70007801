package dev.reprise.gateway.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A part of the gateway that {@code /health} reports on without letting it decide readiness: the gateway serves
 * requests either way (e.g. {@code redis}: down means limits are local to this node, not that requests fail).
 *
 * @param status what {@code /health} shows for it now, e.g. {@code UP}
 */
public record HealthComponent(String name, Supplier<String> status) {

    public HealthComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    /** A component that is {@code UP} or {@code DOWN}. */
    public HealthComponent(String name, BooleanSupplier up) {
        this(name, upOrDown(Objects.requireNonNull(up, "up")));
    }

    private static Supplier<String> upOrDown(BooleanSupplier up) {
        return () -> up.getAsBoolean() ? "UP" : "DOWN";
    }
}
