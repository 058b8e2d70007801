package dev.reprise.gateway.dashboard;

import dev.reprise.gateway.error.GatewayError;
import dev.reprise.gateway.http.Fallbacks;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /dashboard}: the usage dashboard, a static page whose script reads the admin usage API with the
 * admin key the operator types in. The page itself holds no data, so it is served without a key; every
 * answer forbids loading anything from another origin and running inline script.
 */
public final class DashboardService implements HttpService {

    /** Only this origin, no inline script or style, no framing, no form posts: the page talks to its own gateway. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName REFERRER = HeaderNames.create("Referrer-Policy");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");

    /** The files the page is made of, by the name the page asks for; nothing else under the folder is served. */
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "usage.js", "text/javascript; charset=utf-8",
            "panels.js", "text/javascript; charset=utf-8",
            "variants.js", "text/javascript; charset=utf-8",
            "shadow.js", "text/javascript; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files;

    public DashboardService() {
        this.files = Map.copyOf(TYPES.keySet().stream()
                .collect(Collectors.toMap(name -> name, DashboardService::load)));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"))
                .get("/{file}", this::file)
                .any("/", Fallbacks.methodNotAllowed("GET"))
                .any("/{file}", Fallbacks.methodNotAllowed("GET"));
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        if (!files.containsKey(name)) {
            throw GatewayError.unknownPath("GET", req.path().absolute().path()).toException();
        }
        send(res, name);
    }

    private void send(ServerResponse res, String name) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name));
        res.header(CSP, CONTENT_SECURITY_POLICY);
        res.header(NOSNIFF, "nosniff");
        res.header(REFERRER, "no-referrer");
        res.header(FRAME_OPTIONS, "DENY");
        // Small files, served from memory: revalidating each time keeps an upgraded gateway's page current.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(files.get(name));
    }

    private static byte[] load(String name) {
        String path = "/dashboard/" + name;
        try (InputStream in = DashboardService.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the gateway jar lacks " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the gateway jar", e);
        }
    }
}
