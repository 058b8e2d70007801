package dev.reprise.gateway;

/** The gateway could not start (port taken, provider not buildable); the message is one line for the user. */
public final class GatewayStartException extends RuntimeException {

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
