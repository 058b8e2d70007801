package dev.reprise.gateway.admin;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.models.catalogue.Secret;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards {@code /admin}: the caller must send the admin key from config as a bearer token. Without an
 * admin key in config the admin API is off. Keys are compared in constant time and never logged.
 */
final class AdminAuth {

    private final Secret adminKey;

    AdminAuth(Secret adminKey) {
        this.adminKey = adminKey == null ? Secret.none() : adminKey;
    }

    /** {@code handler} behind the admin key: it runs only for a caller who sent it. */
    Handler guarded(Handler handler) {
        return (req, res) -> {
            check(req.headers().first(HeaderNames.AUTHORIZATION));
            handler.handle(req, res);
        };
    }

    void check(Optional<String> authorization) {
        if (!adminKey.isPresent()) {
            throw new GatewayError(403, GatewayError.INVALID_REQUEST, "admin_disabled", null,
                    "The admin API is off: set admin.key in the gateway config to use it.", null).toException();
        }
        String token = authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip()).orElse(null);
        if (token == null) {
            throw GatewayError.missingApiKey().toException();
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                adminKey.reveal().getBytes(StandardCharsets.UTF_8))) {
            throw GatewayError.invalidApiKey().toException();
        }
    }
}
