package dev.reprise.gateway.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/** The dashboard as a test sees it: elements by their {@code data-testid}, and waits bounded by a deadline. */
final class DashboardPage {

    /** Long enough for a loaded 2-core machine; a wait ends as soon as its condition holds. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final HeadlessChromium browser;
    private final String baseUrl;

    DashboardPage(HeadlessChromium browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** The dashboard of the gateway at {@code baseUrl} in a 1280x800 window, logged in with {@code adminKey}. */
    static DashboardPage loggedIn(HeadlessChromium browser, String baseUrl, String adminKey) {
        browser.viewport(1280, 800);
        DashboardPage page = new DashboardPage(browser, baseUrl).open();
        page.logIn(adminKey);
        if (!"board".equals(page.view())) {
            throw new AssertionError("logging in showed '" + page.view() + "', not the board");
        }
        return page;
    }

    /**
     * Saves {@code panel} at laptop width, then at phone width checks that its chart was redrawn narrower and that the
     * page does not scroll sideways, saves it again (as {@code dashboard-<name>-WxH.png}) and goes back to laptop width.
     */
    void assertFitsAPhone(String panel, String name) throws java.io.IOException {
        java.nio.file.Files.createDirectories(DashboardPanelsTest.SCREENSHOTS);
        String scroll = "document.querySelector('[data-testid=\"" + panel + "\"]').scrollIntoView();";
        browser.script(scroll);
        browser.screenshot(DashboardPanelsTest.SCREENSHOTS.resolve("dashboard-" + name + "-1280x800.png"));
        browser.viewport(390, 844);
        try {
            waitFor("the charts redrawn at phone width", () -> ((Number) browser.script(
                    "return document.querySelector('[data-testid=\"" + panel + "\"] svg').width.baseVal.value;"))
                    .doubleValue() < 390);
            Number scrollWidth = (Number) browser.script("return document.documentElement.scrollWidth;");
            Number width = (Number) browser.script("return document.documentElement.clientWidth;");
            if (scrollWidth.intValue() > width.intValue()) {
                throw new AssertionError("the page scrolls sideways: " + scrollWidth + " > " + width);
            }
            browser.script(scroll);
            browser.screenshot(DashboardPanelsTest.SCREENSHOTS.resolve("dashboard-" + name + "-390x844.png"));
        } finally {
            browser.viewport(1280, 800);
        }
    }

    /** Picks a custom range (as the page's fields take it, e.g. {@code 2026-12-02T00:00Z}) and waits for the refresh. */
    void customRange(String from, String to) {
        byTestId("range-picker").findElement(By.cssSelector("[data-range=\"custom\"]")).click();
        WebElement fromField = byTestId("range-from");
        fromField.clear();
        fromField.sendKeys(from);
        WebElement toField = byTestId("range-to");
        toField.clear();
        toField.sendKeys(to);
        clickAndWaitForRefresh("range-apply");
    }

    /** Opens the page and waits until its script has chosen a view. */
    DashboardPage open() {
        browser.driver.get(baseUrl + "/dashboard");
        waitFor("a view", () -> !"starting".equals(view()));
        return this;
    }

    String view() {
        return browser.driver.findElement(By.tagName("body")).getDomAttribute("data-view");
    }

    WebElement byTestId(String id) {
        return browser.driver.findElement(testId(id));
    }

    List<WebElement> allByTestId(String id) {
        return browser.driver.findElements(testId(id));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid=\"" + id + "\"]");
    }

    int refreshes() {
        return Integer.parseInt(browser.driver.findElement(By.tagName("body")).getDomAttribute("data-refreshes"));
    }

    /** Types the key, submits, and waits for either the board's first refresh or the login error. */
    void logIn(String key) {
        int before = refreshes();
        WebElement field = byTestId("login-key");
        field.clear();
        field.sendKeys(key);
        byTestId("login-submit").click();
        waitFor("the board or a login error", () -> refreshes() > before || byTestId("login-error").isDisplayed());
    }

    /** Clicks the control and waits for the refresh it starts to be drawn. */
    void clickAndWaitForRefresh(String testId) {
        clickAndWaitForRefresh(byTestId(testId));
    }

    void clickAndWaitForRefresh(WebElement control) {
        int before = refreshes();
        control.click();
        waitFor("a refresh", () -> refreshes() > before);
    }

    /** The number a figure or table cell carries in {@code data-value}. */
    double value(WebElement element) {
        return Double.parseDouble(element.getDomAttribute("data-value"));
    }

    double value(String testId) {
        return value(byTestId(testId));
    }

    /** One cell of a panel's numbers table: the row whose attribute has the value, the cell of that column. */
    WebElement cell(String panel, String rowAttribute, String rowValue, String cellSelector) {
        return byTestId(panel).findElement(By.cssSelector(
                "tr[" + rowAttribute + "=\"" + rowValue + "\"] " + cellSelector));
    }

    void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver, DEADLINE).withMessage("waiting for " + what)
                .until(d -> condition.getAsBoolean());
    }
}
