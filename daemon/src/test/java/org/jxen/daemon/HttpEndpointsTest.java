package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jxen.api.client.XenApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoints beside RPC: /rrd_updates, /console and the raw disk transfers, with XAPI's authentication. */
class HttpEndpointsTest {
    @TempDir
    static Path dir;
    private static RunningJxend jxend;
    private static XenApiClient c;
    private static String session;
    private static String vm;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        jxend = RunningJxend.start(dir);
        c = XenApiClient.http(jxend.http(), false);
        c.login("root", jxend.rootPassword());
        session = c.session().orElseThrow();
        String template = ((List<?>) c.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
        vm = (String) c.call("VM.clone", template, "endpoints");
        c.call("VM.provision", vm);
        c.call("VM.set_memory", vm, 128L << 20);
        c.call("VM.start", vm, false, false);
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        jxend.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(jxend.http().resolve(pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What /rrd_updates serves, as XenAPI's data-source calls describe it (xe vm-data-source-list). */
    @Test
    void dataSourcesAreTheRecordedOnesDescribedAsXapisRrddDescribesThem() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Map<String, Object>> sources = sources("VM", vm);
        while (sources.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sources = sources("VM", vm);
        }
        assertThat(sources).contains(Map.of("name_label", "cpu0", "name_description", "CPU0 usage", "enabled", true,
                "standard", true, "units", "(fraction)", "min", 0.0, "max", 1.0, "value", 0.0));
        assertThat(sources).anySatisfy(s -> assertThat(s).containsEntry("name_label", "memory")
                .containsEntry("name_description", "Memory currently allocated to VM").containsEntry("units", "B"));
        assertThat((Double) c.call("VM.query_data_source", vm, "memory")).isEqualTo(128.0 * (1 << 20));
        JxendSession.failsWith(() -> c.call("VM.query_data_source", vm, "no_such"), "INTERNAL_ERROR",
                "Rrd.Invalid_data_source(\"no_such\")");
        c.call("VM.record_data_source", vm, "memory");
        c.call("VM.forget_data_source_archives", vm, "cpu0");
        for (String call : List.of("VM.record_data_source", "VM.forget_data_source_archives")) {
            JxendSession.failsWith(() -> c.call(call, vm, "no_such"), "INTERNAL_ERROR",
                    "Rrd.Invalid_data_source(\"no_such\")");
        }

        String host = ((List<?>) c.call("host.get_all")).getFirst().toString();
        assertThat(sources("host", host)).anySatisfy(s -> assertThat(s)
                .containsEntry("name_label", "memory_total_kib").containsEntry("units", "KiB"));
        assertThat((Double) c.call("host.query_data_source", host, "memory_total_kib")).isPositive();
        String template = ((List<?>) c.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
        String halted = (String) c.call("VM.clone", template, "never-started");
        assertThat(sources("VM", halted)).as("a VM not running has none").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(String cls, String ref) throws Exception {
        return (List<Map<String, Object>>) c.call(cls + ".get_data_sources", ref);
    }

    @Test
    void rrdUpdatesHasTheSourcesClientsPlotInRrdtoolsXportForm() throws Exception {
        String uuid = (String) c.call("VM.get_uuid", vm);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode json;
        do {
            Thread.sleep(1000);
            json = new ObjectMapper().readTree(get("/rrd_updates?session_id=" + session
                    + "&start=-60&cf=AVERAGE&interval=5&host=true&json=true").body());
        } while (json.get("data").size() < 2 && System.nanoTime() < deadline);
        List<String> legend = new ObjectMapper().convertValue(json.get("meta").get("legend"), List.class);
        assertThat(legend).contains("AVERAGE:vm:" + uuid + ":cpu0", "AVERAGE:vm:" + uuid + ":memory",
                "AVERAGE:vm:" + uuid + ":memory_target", "AVERAGE:vm:" + uuid + ":vbd_xvda_read")
                .anyMatch(l -> l.matches("AVERAGE:host:[-0-9a-f]+:cpu0"))
                .anyMatch(l -> l.endsWith(":memory_free_kib"));
        assertThat(json.get("meta").get("step").asLong()).isEqualTo(5);
        assertThat(json.get("meta").get("columns").asInt()).isEqualTo(legend.size());
        JsonNode newest = json.get("data").get(0);
        assertThat(newest.get("t").asLong()).isGreaterThan(json.get("data").get(1).get("t").asLong());
        assertThat(newest.get("values").get(legend.indexOf("AVERAGE:vm:" + uuid + ":memory")).asText())
                .isEqualTo("1.3422e+08");
        String xml = get("/rrd_updates?session_id=" + session + "&start=-60&uuid=" + uuid).body();
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xport><meta><start>")
                .contains("<entry>AVERAGE:vm:" + uuid + ":cpu0</entry>").doesNotContain(":host:");
        assertThat(get("/rrd_updates?start=-60").statusCode()).isEqualTo(401);
        assertThat(get("/rrd_updates?session_id=OpaqueRef:stale&start=-60").statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleSocketStreamsWhatTheGuestPrintsAndTypesWhatItIsSent() throws Exception {
        String console = ((List<?>) c.call("VM.get_consoles", vm)).getFirst().toString();
        String uuid = (String) c.call("console.get_uuid", console);
        assertThat((String) c.call("console.get_location", console)).endsWith("/console?uuid=" + uuid);
        StringBuilder text = new StringBuilder();
        CompletableFuture<Void> booted = new CompletableFuture<>();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        URI ws = URI.create("ws://127.0.0.1:" + jxend.http().getPort() + "/console?uuid=" + uuid + "&session_id=" + session);
        WebSocket socket = HTTP.newWebSocketBuilder().subprotocols("binary").buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                synchronized (text) {
                    text.append(StandardCharsets.UTF_8.decode(data));
                    if (text.toString().contains("Booting kernel on Xen")) {
                        booted.complete(null);
                    }
                    if (text.toString().contains("\r\nhello from the socket\r\n")) { // the shell's echo, not the typing
                        answered.complete(null);
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("binary");
        booted.get(30, TimeUnit.SECONDS);
        synchronized (text) {
            assertThat(text.toString()).startsWith("Linux version").contains("\r\n");
        }
        socket.sendText("echo hello ", true).get(10, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap("from the socket\r".getBytes(StandardCharsets.UTF_8)), true)
                .get(10, TimeUnit.SECONDS);
        answered.get(30, TimeUnit.SECONDS);
        socket.abort();
    }

    @Test
    void aRawDiskGoesInAndComesOutByteForByteAndTheTaskSaysSo() throws Exception {
        String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        String vdi = (String) c.call("VDI.create", Map.of("name_label", "transfer", "SR", sr,
                "virtual_size", Long.toString(1 << 20), "type", "user"));
        byte[] content = new byte[1 << 20];
        new java.util.Random(7).nextBytes(content);
        String task = (String) c.call("task.create", "import", "");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(jxend.http().resolve("/import_raw_vdi?session_id="
                + session + "&vdi=" + vdi + "&format=raw&task_id=" + task))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(((Map<?, ?>) c.call("task.get_record", task)).get("status")).isEqualTo("success");
        String uuid = (String) c.call("VDI.get_uuid", vdi);
        HttpResponse<byte[]> out = HTTP.send(HttpRequest.newBuilder(jxend.http().resolve("/export_raw_vdi?session_id="
                + session + "&vdi=" + uuid + "&format=raw")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(out.body()).isEqualTo(content);
        String tooBig = (String) c.call("task.create", "import", "");
        HttpResponse<String> over = HTTP.send(HttpRequest.newBuilder(jxend.http().resolve("/import_raw_vdi?session_id="
                + session + "&vdi=" + vdi + "&task_id=" + tooBig))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(((Map<?, ?>) c.call("task.get_record", tooBig)).get("status")).isEqualTo("failure");
    }

}
