package dev.reprise.gateway.overload;

/** How late a runnable request thread gets a CPU now, in nanoseconds; tests set it instead of loading the machine. */
@FunctionalInterface
public interface LagSource {

    long lagNanos();
}
