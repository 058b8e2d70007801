package dev.reprise.gateway.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an alias spreads its requests over its deployments. */
public enum Strategy {
    /** Random, in proportion to each deployment's weight. */
    WEIGHTED,
    /** Each available deployment in turn. */
    ROUND_ROBIN,
    /** The deployment with the fewest calls in flight. */
    LEAST_IN_FLIGHT,
    /** The deployment with the lowest recent latency (EWMA), with some exploration. */
    LOWEST_LATENCY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException listing the accepted names */
    public static Strategy fromConfig(String name) {
        for (Strategy s : values()) {
            if (s.configName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a strategy; expected one of "
                + Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", ")));
    }
}
