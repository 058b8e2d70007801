package dev.reprise.gateway.dashboard;

import dev.reprise.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.reprise.gateway.http.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's files over plain HTTP: what is served, with which headers, and what is not. */
class DashboardServingTest {

    static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("admin:\n  key: adm-1\n" + GatewayFixture.MOCK_ONLY);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void should_serve_the_page_without_a_key_under_a_strict_content_security_policy() {
        HttpResponse<String> res = fixture.get("/dashboard");
        assertEquals(200, res.statusCode());
        assertEquals("text/html; charset=utf-8", res.headers().firstValue("content-type").orElseThrow());
        String csp = res.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertTrue(csp.contains("script-src 'self';") && csp.contains("connect-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*"), csp);
        assertEquals("nosniff", res.headers().firstValue("x-content-type-options").orElseThrow());
        assertEquals("no-referrer", res.headers().firstValue("referrer-policy").orElseThrow());
        assertTrue(res.body().contains("data-testid=\"login-form\""), res.body());
    }

    @Test
    void should_reference_only_its_own_files_and_no_inline_script() {
        String html = fixture.get("/dashboard").body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int count = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertTrue(ref.startsWith("/dashboard/") || ref.equals("data:,"), "a reference off the gateway: " + ref);
            count++;
        }
        assertTrue(count >= 5, html);
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(), "an inline script");
        assertFalse(html.contains(" style="), "an inline style");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "an inline event handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dashboard.js", "charts.js", "usage.js", "panels.js", "variants.js", "shadow.js"})
    void should_serve_the_scripts_as_javascript_calling_only_this_origin(String file) {
        HttpResponse<String> res = fixture.get("/dashboard/" + file);
        assertEquals(200, res.statusCode());
        assertEquals("text/javascript; charset=utf-8", res.headers().firstValue("content-type").orElseThrow());
        assertFalse(res.body().contains("http://") && !res.body().contains("http://www.w3.org/2000/svg"),
                "an absolute URL in " + file);
        assertFalse(res.body().contains("https://"), "an absolute URL in " + file);
    }

    @Test
    void should_serve_the_stylesheet_as_css() {
        HttpResponse<String> res = fixture.get("/dashboard/dashboard.css");
        assertEquals(200, res.statusCode());
        assertEquals("text/css; charset=utf-8", res.headers().firstValue("content-type").orElseThrow());
        assertFalse(res.body().contains("@import") || res.body().contains("url("), "the stylesheet loads nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/nope.js", "/dashboard/..%2Freprise-default.yaml", "/dashboard/a/b"})
    void should_answer_404_for_anything_but_its_files(String path) {
        assertError(fixture.get(path), 404, "invalid_request_error", null, "unknown_url");
    }

    @Test
    void should_answer_405_to_a_post() {
        HttpResponse<String> res = fixture.send(HttpRequest.newBuilder(fixture.uri("/dashboard"))
                .POST(HttpRequest.BodyPublishers.ofString("key=adm-1")).build());
        assertError(res, 405, "invalid_request_error", null, "method_not_allowed");
        assertEquals("GET", res.headers().firstValue("allow").orElseThrow());
    }
}
