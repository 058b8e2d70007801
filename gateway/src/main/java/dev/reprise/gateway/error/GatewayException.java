package dev.reprise.gateway.error;

/** Carries a {@link GatewayError} out of code that cannot return it; answered as that error, not a 500. */
public final class GatewayException extends RuntimeException {

    private final GatewayError error;

    public GatewayException(GatewayError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
