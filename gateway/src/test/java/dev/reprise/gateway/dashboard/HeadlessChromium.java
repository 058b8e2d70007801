package dev.reprise.gateway.dashboard;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both are named by path so Selenium
 * Manager never tries to download a browser or driver; without them the test fails and says what to install.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String PACKAGES = "chromium chromium-driver";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("REPRISE_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(
            System.getenv().getOrDefault("REPRISE_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile; the performance log records every request it makes. */
    static HeadlessChromium start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: the dashboard's browser test needs Debian's packages "
                        + "chromium and chromium-driver (apt-get install -y " + PACKAGES + "; .ci/run installs them)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("reprise-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Selenium reads this before it would ask Selenium Manager for a driver.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            return new HeadlessChromium(new ChromeDriver(service, options), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    /**
     * The page's viewport, as a phone or a laptop screen shows it. Set through DevTools, which applies it before it
     * answers: resizing the window instead returned before the page saw the new size, and reading
     * {@code innerWidth} to correct for a frame then read the old one (a 390-wide request became -500 under load).
     */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        List<?> size = (List<?>) script("return [window.innerWidth, window.innerHeight];");
        if (((Number) size.get(0)).intValue() != width || ((Number) size.get(1)).intValue() != height) {
            throw new IllegalStateException("the viewport is " + size + " after asking for " + width + "x" + height);
        }
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The raw DevTools events since the last call (JSON, one per entry). */
    List<String> networkEvents() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage).toList();
    }

    void screenshot(Path file) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, not only the window: DevTools captures beyond the viewport at the window's width. */
    void fullPageScreenshot(Path file) {
        List<?> size = (List<?>) script("return [window.innerWidth, document.documentElement.scrollHeight];");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get(0)).intValue(), "height", ((Number) size.get(1)).intValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
