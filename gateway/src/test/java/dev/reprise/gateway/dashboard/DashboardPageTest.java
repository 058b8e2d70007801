package dev.reprise.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.gateway.GatewayFixture;
import dev.reprise.models.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard page in a real headless Chromium, whatever the traffic: a wrong key is refused with a message,
 * the key lives only in the tab's session storage and in request headers, the page asks nothing of any other
 * host, a gateway without an admin key says so, and the range and refresh controls behave.
 */
class DashboardPageTest {

    static final String ADMIN_KEY = "adm-dashboard-1";

    static HeadlessChromium browser;
    static GatewayFixture gateway;
    DashboardPage page;

    @BeforeAll
    static void start() {
        browser = HeadlessChromium.start();
        gateway = GatewayFixture.start("admin:\n  key: " + ADMIN_KEY + "\n" + GatewayFixture.MOCK_ONLY);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    @BeforeEach
    void freshTab() {
        page = new DashboardPage(browser, gateway.gateway.url());
        // Each test starts logged out: the key lives in the tab's session storage, so clear it.
        browser.driver.get(gateway.gateway.url() + "/dashboard");
        browser.script("sessionStorage.clear();");
        page.open();
        // Only what each test does counts in the DevTools log: drop the page's load and its keyless probe.
        browser.networkEvents();
    }

    @Test
    void should_show_the_login_form_first() {
        assertEquals("login", page.view());
        assertTrue(page.byTestId("login-form").isDisplayed());
        assertFalse(page.byTestId("board").isDisplayed());
    }

    @Test
    void should_refuse_a_wrong_key_with_a_clear_message() {
        page.logIn("not-the-key");
        assertEquals("login", page.view());
        assertEquals("Wrong admin key: the gateway refused it.", page.byTestId("login-error").getText());
        assertFalse(page.byTestId("board").isDisplayed());
        assertEquals(null, browser.script("return sessionStorage.getItem('reprise.adminKey');"));
    }

    @Test
    void should_keep_the_key_in_session_storage_and_headers_only() {
        page.logIn(ADMIN_KEY);
        assertEquals("board", page.view());
        assertEquals(gateway.gateway.url() + "/dashboard", browser.driver.getCurrentUrl());
        assertEquals(ADMIN_KEY, browser.script("return sessionStorage.getItem('reprise.adminKey');"));
        assertEquals("", browser.script("return document.cookie;"));
        assertEquals(0L, browser.script("return localStorage.length;"));
        assertTrue(browser.driver.manage().getCookies().isEmpty());

        List<JsonNode> requests = requestsSent();
        List<JsonNode> admin = requests.stream()
                .filter(r -> URI.create(r.path("url").asText()).getPath().startsWith("/admin/")).toList();
        assertTrue(admin.size() >= 2, "the login check and the board's reads: " + admin);
        for (JsonNode r : requests) {
            assertFalse(r.path("url").asText().contains(ADMIN_KEY), "the key in a URL: " + r.path("url"));
            assertFalse(r.path("postData").asText().contains(ADMIN_KEY), "the key in a body: " + r);
        }
        for (JsonNode r : admin) {
            assertEquals("Bearer " + ADMIN_KEY, r.path("headers").path("Authorization").asText(), r.toString());
        }
    }

    @Test
    void should_ask_nothing_of_any_host_but_the_gateway() {
        page.open();
        page.logIn(ADMIN_KEY);
        String origin = gateway.gateway.url();
        List<JsonNode> requests = requestsSent();
        assertFalse(requests.isEmpty());
        for (JsonNode r : requests) {
            String url = r.path("url").asText();
            assertTrue(url.startsWith(origin + "/") || url.startsWith("data:"), "a request off the gateway: " + url);
        }
        // The page's own view of what it loaded agrees.
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script(
                "return performance.getEntries().map(e => e.name).filter(n => /^[a-z]+:/.test(n));");
        assertFalse(loaded.isEmpty());
        loaded.forEach(url -> assertTrue(url.startsWith(origin + "/"), "a resource off the gateway: " + url));
    }

    @Test
    void should_log_out_and_forget_the_key() {
        page.logIn(ADMIN_KEY);
        page.byTestId("logout").click();
        page.waitFor("the login form", () -> "login".equals(page.view()));
        assertEquals(null, browser.script("return sessionStorage.getItem('reprise.adminKey');"));
        page.open();
        assertEquals("login", page.view());
    }

    @Test
    void should_say_so_when_the_admin_api_is_off() {
        try (GatewayFixture noAdmin = GatewayFixture.start(GatewayFixture.MOCK_ONLY)) {
            DashboardPage off = new DashboardPage(browser, noAdmin.gateway.url()).open();
            assertEquals("admin-off", off.view());
            assertTrue(off.byTestId("admin-off").getText().contains("admin.key"), off.byTestId("admin-off").getText());
            assertFalse(off.byTestId("login-form").isDisplayed());
        }
    }

    @Test
    void should_explain_a_custom_range_it_cannot_read() {
        page.logIn(ADMIN_KEY);
        page.byTestId("range-picker").findElement(By.cssSelector("[data-range=\"custom\"]")).click();
        assertTrue(page.byTestId("custom-range").isDisplayed());
        WebElement from = page.byTestId("range-from");
        from.clear();
        from.sendKeys("yesterday at noon");
        page.byTestId("range-apply").click();
        assertEquals("Custom range: \"yesterday at noon\" is not a time like 2026-12-06T10:00Z.",
                page.byTestId("status").getText());
        from.clear();
        from.sendKeys("2026-12-06T10:00Z");
        WebElement to = page.byTestId("range-to");
        to.clear();
        to.sendKeys("2026-12-06T09:00Z");
        page.byTestId("range-apply").click();
        assertEquals("Custom range: the start must come before the end.", page.byTestId("status").getText());
        to.clear();
        to.sendKeys("2026-12-06T11:30");
        page.clickAndWaitForRefresh("range-apply");
        assertEquals("custom", page.byTestId("range-label").getDomAttribute("data-value"));
        assertTrue(page.byTestId("range-label").getText().startsWith("2026-12-06T10:00Z to 2026-12-06T11:30Z"),
                "a time without a zone is UTC: " + page.byTestId("range-label").getText());
        assertEquals("true", page.byTestId("range-picker").findElement(By.cssSelector("[data-range=\"custom\"]"))
                .getDomAttribute("aria-pressed"));
    }

    @Test
    void should_remember_auto_refresh_for_the_tab() {
        page.logIn(ADMIN_KEY);
        WebElement auto = page.byTestId("auto-refresh");
        assertFalse(auto.isSelected(), "off until ticked");
        auto.click();
        page.open();
        assertTrue(page.byTestId("auto-refresh").isSelected());
        page.byTestId("auto-refresh").click();
        page.open();
        assertFalse(page.byTestId("auto-refresh").isSelected());
    }

    /** The requests the browser sent since the last call, from the DevTools log. */
    private static List<JsonNode> requestsSent() {
        List<JsonNode> out = new ArrayList<>();
        for (String event : browser.networkEvents()) {
            try {
                JsonNode message = WireJson.mapper().readTree(event).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    out.add(message.path("params").path("request"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
