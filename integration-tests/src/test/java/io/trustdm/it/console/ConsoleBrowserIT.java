package io.trustdm.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.notification.UdpPushListener;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.api.JobState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian Chromium, headless, via chromedriver) against a real {@link DmServer}: a
 * device bootstrapped over mutual TLS runs real sessions while the operator logs in, browses the tree (reading what the
 * server has not read yet with Get jobs), runs a Replace job (delivered in the device's next session), downloads a
 * smartcard image and finds a refused insecure bootstrap and the image export in the audit view. Screenshots of every
 * page, at 1280×800 and 390×844, go to {@code target/console-screenshots/}. A missing Chromium fails the test unless
 * {@code -DskipPeers=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DEV = "IMEI:356938035640001";
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path data;

    @TempDir
    static Path profile;

    @TempDir
    static Path downloads;

    private static DmServer server;
    private static DeviceAgent agent;
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        boolean skip = Boolean.getBoolean("trustdm.skipPeers");
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String msg = "browser tests need Debian chromium and chromium-driver (apt-get install -y chromium"
                    + " chromium-driver), or run with -DskipPeers=true";
            if (skip) {
                Assumptions.abort(msg);
            }
            fail(msg);
        }
        Assumptions.assumeFalse(skip, "trustdm.skipPeers=true: browser tests skipped");
        Files.createDirectories(SHOTS);

        server = DmServer.start(data, "127.0.0.1", 0, "trustdm.console", AuthScheme.MD5);
        // the bootstrap is prepared through the REST API, fetched over mutual TLS, then the first session runs
        HttpResponse<String> prepared = api("POST", "/devices/" + DEV + "/bootstrap", "{\"profile\":\"PLAIN\"}");
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
        IssuedCertificate cert = server.ca().issueDevice(DEV, Duration.ofDays(1));
        agent = DeviceAgent.builder(DEV)
                .manufacturer("Exemplar")
                .model("Sensor-Console")
                .trustAnchors(List.of(server.ca().certificate()))
                .certificate(cert)
                .build();
        agent.bootstrap(
                new HttpsBootstrapSource(
                        server.bootstrapUri(), cert, List.of(server.ca().certificate())),
                m -> Optional.empty());
        agent.runSession();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1280,800");
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toAbsolutePath().toString(),
                        "download.prompt_for_download",
                        false));
        // the server's certificate comes from its development CA, which this throw-away browser profile cannot know
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // headless Chromium saves downloads only where it is told to
        chrome.executeCdpCommand(
                "Browser.setDownloadBehavior",
                Map.of(
                        "behavior",
                        "allow",
                        "downloadPath",
                        downloads.toAbsolutePath().toString()));
        driver = chrome;
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> api(String method, String path, String json)
            throws IOException, InterruptedException {
        var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                .header("Authorization", "Bearer " + server.apiToken().value())
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void screenshot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebElement visible(By by) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (TimeoutException e) {
            // say what the page showed instead
            Object page = ((JavascriptExecutor) driver)
                    .executeScript("const v = document.getElementById('view'); return v ? v.innerHTML : '';");
            throw new AssertionError(by + " did not appear; the page showed: " + page, e);
        }
    }

    private static void go(String hash) {
        driver.get(server.consoleUri() + hash);
    }

    @Test
    @Order(1)
    void operator_logs_in_with_the_api_token_and_sees_the_device_with_its_last_session() throws Exception {
        go("");
        visible(By.id("token-input")).sendKeys("not-the-token-" + "x".repeat(40));
        driver.findElement(By.id("login-button")).click();
        assertThat(visible(By.cssSelector("#login-message .error")).getText()).contains("Wrong token");
        screenshot("01-login");

        WebElement input = driver.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys(server.apiToken().value());
        driver.findElement(By.id("login-button")).click();
        WebElement row = visible(By.cssSelector("#devices-table tr[data-device-id='" + DEV + "']"));
        assertThat(row.getText())
                .contains("Exemplar")
                .contains("Sensor-Console")
                .contains("COMPLETED");
        assertThat((String) ((JavascriptExecutor) driver)
                        .executeScript("return sessionStorage.getItem('trustdm.apiToken')"))
                .isEqualTo(server.apiToken().value());
        screenshot("02-devices");

        WebElement search = driver.findElement(By.id("device-search"));
        search.sendKeys("no-such-device");
        assertThat(visible(By.cssSelector("#devices-body .empty")).getText()).contains("No device matches");
        search.clear();
        search.sendKeys("5640001");
        visible(By.cssSelector("#devices-table tr[data-device-id='" + DEV + "']"));
    }

    @Test
    @Order(2)
    void token_in_the_fragment_logs_in_and_leaves_the_address_bar() {
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        go("#token=" + server.apiToken().value());
        visible(By.cssSelector("#devices-table tr[data-device-id='" + DEV + "']"));
        assertThat(driver.getCurrentUrl()).doesNotContain(server.apiToken().value());
    }

    @Test
    @Order(3)
    void device_tree_expands_lazily_and_shows_values_read_from_the_device() throws Exception {
        go("#/devices/" + DEV.replace(":", "%3A"));
        WebElement devInfo = visible(By.cssSelector("#tree > li[data-path='./DevInfo']"));
        assertThat(driver.findElements(By.cssSelector("li[data-path='./DevInfo/Man']")))
                .isEmpty();
        devInfo.findElement(By.cssSelector(".expander")).click();
        WebElement man = visible(By.cssSelector("li[data-path='./DevInfo/Man'] .node-value"));
        assertThat(man.getText()).isEqualTo("Exemplar");
        assertThat(visible(By.id("auth-scheme")).getText()).contains("MD5");
        screenshot("03-device");

        // node properties: clicking a name shows what the server knows about the node
        driver.findElement(By.cssSelector("li[data-path='./DevInfo/Man'] > .node-name"))
                .click();
        assertThat(visible(By.cssSelector("#node-props [data-prop='value']")).getText())
                .isEqualTo("Exemplar");
        assertThat(driver.findElement(By.id("job-target")).getAttribute("value"))
                .isEqualTo("./DevInfo/Man");

        // lazy expansion of what the server has not read: the top level, then ./DMAcc, each by a Get job
        // delivered in the device's next session
        assertThat(driver.findElements(By.cssSelector("#tree > li[data-path='./DMAcc']")))
                .isEmpty();
        readFromDevice(".");
        WebElement dmAcc = visible(By.cssSelector("#tree > li[data-path='./DMAcc'][data-read='false']"));
        dmAcc.findElement(By.cssSelector(".expander")).click();
        assertThat(visible(By.cssSelector("li[data-path='./DMAcc'] .unread")).getText())
                .contains("Not read yet");
        readFromDevice("./DMAcc");
        String node = agent.account().orElseThrow().accountNode();
        WebElement account = visible(By.cssSelector("li[data-path='./DMAcc/" + node + "']"));
        assertThat(account.getAttribute("data-read")).isEqualTo("false");
        screenshot("03b-device-tree-read");
    }

    /** Clicks the tree's "Read" button for {@code path}, lets the device run the session that delivers the Get. */
    private static void readFromDevice(String path) throws Exception {
        int before = server.management().jobs(DEV, null).size();
        visible(By.cssSelector("button.read-node[data-path='" + path + "']")).click();
        wait.until(d -> server.management().jobs(DEV, null).size() > before);
        agent.runSession();
    }

    @Test
    @Order(4)
    void replace_job_is_delivered_in_the_next_session_and_its_result_appears_live() throws Exception {
        String node = agent.account().orElseThrow().accountNode();
        String target = "./DMAcc/" + node + "/Name";
        go("#/devices/" + DEV.replace(":", "%3A"));
        new Select(visible(By.id("job-op"))).selectByValue("Replace");
        WebElement targetInput = driver.findElement(By.id("job-target"));
        targetInput.clear();
        targetInput.sendKeys(target);
        driver.findElement(By.id("job-data")).sendKeys("Set from the console");
        driver.findElement(By.id("job-submit")).click();
        WebElement queued = visible(By.cssSelector("#job-result .job"));
        assertThat(queued.getAttribute("data-state")).isEqualTo("QUEUED");
        String jobId = queued.getAttribute("data-job-id");
        assertThat(server.management().job(jobId).orElseThrow().state()).isEqualTo(JobState.QUEUED);

        // the device's next session delivers the job
        agent.runSession();

        WebElement done = visible(By.cssSelector("#job-result .job[data-state='COMPLETED']"));
        assertThat(done.findElement(By.cssSelector("[data-status]")).getAttribute("data-status"))
                .isEqualTo("200");
        assertThat(done.getText()).contains("succeeded");
        screenshot("04-job-replace");

        // read it back: a Get job shows the value the Replace wrote, and the tree learns it
        new Select(driver.findElement(By.id("job-op"))).selectByValue("Get");
        WebElement t = driver.findElement(By.id("job-target"));
        t.clear();
        t.sendKeys(target);
        driver.findElement(By.id("job-submit")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#job-result .job"), "data-state", "QUEUED"));
        agent.runSession();
        WebElement read = visible(By.cssSelector("#job-result .job[data-state='COMPLETED']"));
        assertThat(read.findElement(By.cssSelector(".results .node-value")).getText())
                .isEqualTo("Set from the console");
        screenshot("05-job-get");
        go("#/jobs/" + jobId);
        assertThat(visible(By.cssSelector("#job-body .job[data-state='COMPLETED']"))
                        .getText())
                .contains("succeeded");
        screenshot("05b-job-page");
    }

    @Test
    @Order(5)
    void wake_button_sends_a_signed_notification_and_the_device_answers_with_a_session() throws Exception {
        try (UdpPushListener listener =
                new UdpPushListener(new InetSocketAddress("127.0.0.1", 0), agent.notificationReceiver(e -> {}))) {
            server.registerPushAddress(DEV, new InetSocketAddress("127.0.0.1", listener.port()));
            go("#/devices/" + DEV.replace(":", "%3A"));
            visible(By.id("wake-button")).click();
            // the page follows the wake job: sent, then answered when the device's session starts
            WebElement answered = new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#wake-result .wake-state[data-state='ANSWERED']")));
            assertThat(answered.getText()).startsWith("The device answered: session ");
            assertThat(server.notifications().lastWake(DEV).isAnswered()).isTrue();
            screenshot("05c-wake-answered");
        }
    }

    @Test
    @Order(5)
    void a_wake_whose_notification_cannot_be_sent_says_so_and_never_says_sent() throws Exception {
        String mute = "IMEI:356938035640077";
        HttpResponse<String> created = api(
                "POST",
                "/devices",
                "{\"deviceId\":\"" + mute + "\",\"username\":\"m\",\"password\":\"mute-pw-0123\","
                        + "\"serverUsername\":\"trustdm\",\"serverPassword\":\"mute-spw-0123\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        go("#/devices/" + mute.replace(":", "%3A"));
        visible(By.id("wake-button")).click();
        WebElement failed = visible(By.cssSelector("#wake-result .wake-state[data-state='FAILED']"));
        assertThat(failed.getText())
                .startsWith("The notification could not be sent:")
                .doesNotContain("Notification sent");
    }

    @Test
    @Order(6)
    void jobs_and_alerts_pages_list_what_happened_or_say_there_is_nothing() throws Exception {
        go("#/jobs");
        List<WebElement> rows =
                wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#jobs-table tbody tr"), 1));
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.getAttribute("data-state")).isEqualTo("COMPLETED"));
        screenshot("06-jobs");
        go("#/alerts");
        assertThat(visible(By.cssSelector("#alerts-body .empty")).getText()).contains("No alerts");

        // a firmware update answers asynchronously with a Generic Alert carrying the Exec's Correlator
        HttpResponse<String> fw = api("POST", "/devices/" + DEV + "/jobs", """
                {"operations":[
                  {"op":"Replace","target":"./FUMO/1/DownloadAndUpdate/PkgURL","data":"https://fw.example/2.0.bin"},
                  {"op":"Exec","target":"./FUMO/1/DownloadAndUpdate","correlator":"fw-console"}]}""");
        assertThat(fw.statusCode()).as(fw.body()).isEqualTo(201);
        String jobId = fw.body().replaceAll("(?s).*\"jobId\":\"([^\"]+)\".*", "$1");
        agent.runSession();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !agent.pendingAlerts().isEmpty());
        agent.runSession();
        driver.navigate().refresh();
        WebElement row = visible(By.cssSelector("#alerts-table tbody tr"));
        assertThat(row.getText()).contains("1226").contains("fw-console").contains(jobId);
        screenshot("07-alerts");
    }

    @Test
    @Order(7)
    void bootstrap_page_prepares_a_bootstrap_and_downloads_its_smartcard_image() throws Exception {
        go("#/bootstrap");
        visible(By.id("bootstrap-device")).sendKeys("IMEI:356938035640002");
        new Select(driver.findElement(By.id("bootstrap-profile"))).selectByValue("CP");
        driver.findElement(By.id("bootstrap-submit")).click();
        assertThat(visible(By.cssSelector("#bootstrap-result .ok-box")).getText())
                .contains("IMEI:356938035640002")
                .contains("CP profile")
                .contains("/bootstrap");
        assertThat(server.bootstrap().hasPending("IMEI:356938035640002")).isTrue();

        // the card image of a device without a prepared bootstrap: a clear error, nothing saved
        WebElement cardDevice = driver.findElement(By.id("card-device"));
        assertThat(cardDevice.getAttribute("value")).isEqualTo("IMEI:356938035640002");
        cardDevice.clear();
        cardDevice.sendKeys("IMEI:356938035649999");
        driver.findElement(By.id("card-download")).click();
        assertThat(visible(By.cssSelector("#card-result .error")).getText()).contains("No bootstrap prepared");

        cardDevice.clear();
        cardDevice.sendKeys("IMEI:356938035640002");
        driver.findElement(By.id("card-download")).click();
        assertThat(visible(By.cssSelector("#card-result .ok-box")).getText()).contains("IMEI_356938035640002");
        Path file = downloads.resolve("IMEI_356938035640002.card-image");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Files.isRegularFile(file) && !partial());
        CardImage image = CardImage.decode(Files.readAllBytes(file));
        assertThat(new String(
                        image.file(BootstrapCardLayout.FID_CONTENT_TYPE)
                                .orElseThrow()
                                .content(),
                        StandardCharsets.US_ASCII))
                .isEqualTo("application/vnd.wap.connectivity-wbxml");
        assertThat(image.file(BootstrapCardLayout.FID_BOOTSTRAP).orElseThrow().content())
                .isNotEmpty();
        screenshot("08-bootstrap");
    }

    private static boolean partial() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(8)
    void insecure_bootstrap_attempt_is_refused_and_shown_in_the_audit_view() throws Exception {
        // a client without a certificate is not an authenticated Device: no Secure Transport, no bootstrap
        assertThatThrownBy(() -> new HttpsBootstrapSource(
                                server.bootstrapUri(), null, List.of(server.ca().certificate()))
                        .fetch())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("403");
        go("#/audit");
        visible(By.id("audit-apply"));
        new Select(driver.findElement(By.id("audit-verdict"))).selectByValue("REFUSE");
        new Select(driver.findElement(By.id("audit-point"))).selectByValue("bootstrap");
        driver.findElement(By.id("audit-apply")).click();
        WebElement row = visible(By.cssSelector("#audit-table tbody tr[data-verdict='REFUSE']"));
        assertThat(row.getAttribute("data-point")).startsWith("bootstrap");
        assertThat(driver.findElements(By.cssSelector("#audit-table tbody tr")))
                .allSatisfy(r -> assertThat(r.getAttribute("data-verdict")).isEqualTo("REFUSE"));
        screenshot("09-audit");

        // the smartcard image export of the bootstrap page is on record
        new Select(driver.findElement(By.id("audit-verdict"))).selectByValue("");
        new Select(driver.findElement(By.id("audit-point"))).selectByValue("bootstrap.export");
        driver.findElement(By.id("audit-apply")).click();
        WebElement export = visible(By.cssSelector("#audit-table tbody tr[data-point='bootstrap.export']"));
        assertThat(export.getText()).contains("IMEI:356938035640002").contains("admin API");

        // a time range that ends before anything happened
        ((JavascriptExecutor) driver)
                .executeScript("document.getElementById('audit-until').value = '2001-01-01T00:00'");
        driver.findElement(By.id("audit-apply")).click();
        assertThat(visible(By.cssSelector("#audit-body .empty")).getText()).contains("No security decisions");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('audit-until').value = ''");
        new Select(driver.findElement(By.id("audit-point"))).selectByValue("");

        driver.findElement(By.id("audit-device")).sendKeys("IMEI:nobody");
        driver.findElement(By.id("audit-apply")).click();
        assertThat(visible(By.cssSelector("#audit-body .empty")).getText()).contains("No security decisions");
    }

    @Test
    @Order(9)
    void pages_fit_a_390_px_wide_screen() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String[] page : new String[][] {
                {"#/devices", "#devices-table", "10-devices-390"},
                {"#/devices/" + DEV.replace(":", "%3A"), "#tree li", "11-device-390"},
                {"#/jobs", "#jobs-table", "12-jobs-390"},
                {"#/alerts", "#alerts-table", "13-alerts-390"},
                {"#/bootstrap", "#card-form", "14-bootstrap-390"},
                {"#/audit", "#audit-table", "15-audit-390"}
            }) {
                go(page[0]);
                visible(By.cssSelector(page[1]));
                Long overflow = (Long) ((JavascriptExecutor) driver)
                        .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(overflow).as(page[0] + " scrolls sideways").isLessThanOrEqualTo(0L);
                screenshot(page[2]);
            }
            // the devices list stays usable: search, then open the device from its card
            go("#/devices");
            visible(By.id("device-search")).sendKeys("5640001");
            visible(By.cssSelector("#devices-table tr[data-device-id='" + DEV + "'] a.device-link"))
                    .click();
            visible(By.cssSelector("#tree > li[data-path='./DevInfo']"));
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(10)
    void error_state_is_shown_for_an_unknown_device() {
        go("#/devices/IMEI%3Aunknown");
        assertThat(visible(By.cssSelector("#device-details .error")).getText()).contains("No such resource");
    }
}
