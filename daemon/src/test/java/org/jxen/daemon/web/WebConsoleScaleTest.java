package org.jxen.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.api.client.XenApiClient;
import org.jxen.daemon.RunningJxend;

/**
 * The VM list at scale, measured in the browser (issue 18: with 5,000 VMs defined the list renders
 * in under 1 s and stays responsive while 100 VMs change state per second). The figures are
 * printed and written to {@code target/web-console-scale.txt} (docs/benchmarks.md records them);
 * what is asserted is that the page keeps up at all, with bounds loose enough for a loaded CI
 * machine: timing targets belong to benchmarks, not to tests.
 */
class WebConsoleScaleTest {
    private static final int VMS = 5000;
    private static final int RUNNING = 100;
    private static final int CHANGES_PER_SECOND = 100;
    private static final int STORM_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void fiveThousandVmsRenderAndTheListKeepsUpWithAHundredChangesASecond() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"));
             Browser browser = Browser.start("WebConsoleScaleTest", Files.createDirectories(dir.resolve("profile")))) {
            String password = jxend.rootPassword();
            List<String> vms = define(jxend, password);
            try (XenApiClient api = XenApiClient.http(jxend.http(), false)) {
                api.login("root", password);
                for (String vm : vms.subList(0, RUNNING)) {
                    api.call("VM.start", vm, false, false);
                }
            }
            ConsolePage page = new ConsolePage(browser, jxend.http());
            page.logIn("root", password);
            page.waitForText(".count", VMS + " VMs");

            // a fresh load of the list: navigation start to the list drawn, three times
            List<Long> drawn = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                browser.script("location.reload()");
                page.waitForText(".count", VMS + " VMs");
                drawn.add(Math.round(((Number) browser.script(
                        "return performance.getEntriesByName('jxen:vm-list-drawn')[0].startTime")).doubleValue()));
            }

            browser.script("""
                    window.scale = { frames: 0, longest: 0, longTasks: 0, start: performance.now() };
                    new PerformanceObserver(list => list.getEntries().forEach(e => {
                        scale.longTasks++; scale.longest = Math.max(scale.longest, e.duration); })).observe({ type: 'longtask' });
                    const frame = () => { scale.frames++; requestAnimationFrame(frame); };
                    requestAnimationFrame(frame);
                    """);
            Storm storm = new Storm(jxend, password, vms.subList(0, RUNNING));
            List<Long> filterMs = new ArrayList<>();
            String[] filters = {"bulk0004", "paused", "running", "bulk01", ""};
            for (int i = 0; i < STORM_SECONDS; i++) {
                filterMs.add(filterLatency(browser, filters[i % filters.length]));
                Thread.sleep(1000 - Math.min(999, filterMs.getLast()));
            }
            int changes = storm.stop();
            @SuppressWarnings("unchecked")
            Map<String, Number> s = (Map<String, Number>) browser.script("""
                    return { fps: scale.frames * 1000 / (performance.now() - scale.start),
                             longest: scale.longest, longTasks: scale.longTasks };""");
            // the list still shows the truth once the storm is over: every one of them running again
            filterLatency(browser, "running");
            page.waitForText(".count", RUNNING + " of " + VMS + " VMs");
            browser.screenshot("vms");

            String report = String.format("web console, %d VMs (%d running), headless Chromium:%n"
                            + "  list drawn after navigation: %s ms%n"
                            + "  during %d state changes in %d s: %.1f frames/s, %d long tasks (longest %d ms), "
                            + "filter answered in %s ms%n",
                    VMS, RUNNING, drawn, changes, STORM_SECONDS, s.get("fps").doubleValue(), s.get("longTasks").intValue(),
                    s.get("longest").intValue(), filterMs);
            System.err.print(report);
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("web-console-scale.txt"), report);

            assertThat(changes).as("the storm ran at about its rate").isGreaterThan(CHANGES_PER_SECOND * STORM_SECONDS / 2);
            assertThat(drawn).allSatisfy(ms -> assertThat(ms).isLessThan(5000));
            assertThat(filterMs).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
            assertThat(s.get("fps").doubleValue()).isGreaterThan(5);
            browser.assertNoConsoleErrors();
        }
    }

    /** 5,000 halted VMs from small xl.cfgs, made by eight clients at once; their references, in name order. */
    private static List<String> define(RunningJxend jxend, String password) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<String> refs = new ArrayList<>(java.util.Collections.nCopies(VMS, null));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(pool.submit(() -> {
                    try (XenApiClient api = XenApiClient.http(jxend.http(), false)) {
                        api.login("root", password);
                        for (int i = next.getAndIncrement(); i < VMS; i = next.getAndIncrement()) {
                            refs.set(i, (String) api.call("jxen.create_VM_from_xl_config", """
                                    name = "bulk%05d"
                                    type = "pvh"
                                    kernel = "/boot/vmlinuz"
                                    memory = 64
                                    """.formatted(i), "bulk.cfg"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        }
        return refs;
    }

    /** Types {@code filter} into the list's filter box: milliseconds until the list drew the answer. */
    private static long filterLatency(Browser browser, String filter) {
        return ((Number) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const box = document.getElementById('vm-filter');
                const start = performance.now();
                box.value = arguments[0];
                box.dispatchEvent(new Event('input'));
                requestAnimationFrame(() => setTimeout(() => done(performance.now() - start)));
                """, filter)).longValue();
    }

    /** Pauses and unpauses the running VMs, round robin, {@link #CHANGES_PER_SECOND} changes a second, until stopped. */
    private static final class Storm {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger changes = new AtomicInteger();
        private final Thread thread;

        Storm(RunningJxend jxend, String password, List<String> vms) {
            thread = Thread.ofPlatform().name("storm").start(() -> {
                try (XenApiClient api = XenApiClient.http(jxend.http(), false)) {
                    api.login("root", password);
                    long start = System.nanoTime();
                    for (int i = 0; running.get(); i++) {
                        String vm = vms.get(i % vms.size());
                        boolean pause = (i / vms.size()) % 2 == 0;
                        api.call(pause ? "VM.pause" : "VM.unpause", vm);
                        changes.incrementAndGet();
                        long due = start + (i + 1) * 1_000_000_000L / CHANGES_PER_SECOND;
                        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    }
                    for (String vm : vms) { // leave them all running, as they started
                        if ("Paused".equals(api.call("VM.get_power_state", vm))) {
                            api.call("VM.unpause", vm);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("the storm of state changes failed", e);
                }
            });
        }

        int stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return changes.get();
        }
    }
}
