package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * {@code task.cancel} as XAPI's: a transfer stops at its next read or write and its task ends
 * {@code cancelled} with {@code TASK_CANCELLED [task]}; an import leaves nothing behind; an async
 * call's toolstack operation runs to its end; a finished task stays as it ended.
 */
class TaskCancelTest extends JxendSessionTest {
    private static final int MIB = 1 << 20;
    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String pathAndQuery, String task) {
        return session.jxend().http().resolve(pathAndQuery + "&session_id=" + c.session().orElseThrow()
                + "&task_id=" + task);
    }

    private String sr() throws Exception {
        return (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
    }

    private String disk(long size) throws Exception {
        return (String) c.call("VDI.create", Map.of("name_label", "disk", "SR", sr(), "virtual_size", Long.toString(size),
                "type", "user", "sharable", false, "read_only", false));
    }

    private void endsCancelled(String task) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.call("task.get_status", task).equals("pending") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(c.call("task.get_status", task)).isEqualTo("cancelled");
        assertThat(list("task", task, "error_info")).containsExactly(ErrorCodes.TASK_CANCELLED, task);
        assertThat((Map<?, ?>) c.call("task.get_current_operations", task)).isEmpty();
    }

    /** Sends {@code first}, cancels {@code task} once the server has had time to read it, then the rest. */
    private CompletableFuture<HttpResponse<String>> putCancelledHalfWay(URI uri, byte[] first, byte[] rest, String task)
            throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(feed, MIB);
        CompletableFuture<HttpResponse<String>> reply = http.sendAsync(HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
        feed.write(first);
        feed.flush();
        Thread.sleep(300);
        c.call("task.cancel", task);
        try {
            feed.write(rest);
            feed.close();
        } catch (IOException serverStoppedReading) {
            // the transfer ended at the cancel: what it was sending need not all go
        }
        return reply;
    }

    @Test
    void aCancelledDiskExportStopsWhereItIs() throws Exception {
        long size = 512L * MIB;
        String vdi = disk(size);
        String task = (String) c.call("task.create", "export", "");
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/export_raw_vdi?vdi=" + vdi, task)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long read = 0;
        try (InputStream in = r.body()) {
            read += in.readNBytes(MIB).length;
            c.call("task.cancel", task);
            assertThatThrownBy(() -> {
                long more = in.transferTo(java.io.OutputStream.nullOutputStream());
                throw new AssertionError("the export went on to its end after the cancel: " + more + " more bytes");
            }).isInstanceOf(IOException.class);
        }
        assertThat(read).isEqualTo(MIB);
        endsCancelled(task);
    }

    @Test
    void aCancelledDiskImportStops() throws Exception {
        String vdi = disk(8L * MIB);
        String task = (String) c.call("task.create", "import", "");
        HttpResponse<String> r = putCancelledHalfWay(uri("/import_raw_vdi?vdi=" + vdi, task), new byte[MIB],
                new byte[2 * MIB], task).exceptionally(e -> null).get();
        assertThat(r == null || r.statusCode() != 200).as("the import not answered as done").isTrue();
        endsCancelled(task);
    }

    @Test
    void aCancelledXvaImportLeavesNothing() throws Exception {
        String vm = (String) c.call("VM.clone", session.template("Generic Linux PV"), "exported"); // no disk: not provisioned
        c.call("VM.set_is_a_template", vm, false);
        String vdi = disk(4L * MIB);
        try (FileChannel image = FileChannel.open(Path.of((String) c.call("VDI.get_location", vdi)),
                StandardOpenOption.WRITE)) {
            for (int mib = 0; mib < 4; mib++) { // every chunk holds data: none is left out of the XVA
                image.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), (long) mib * MIB);
            }
        }
        c.call("VBD.create", Map.of("VM", vm, "VDI", vdi, "userdevice", "0", "bootable", false, "mode", "RW",
                "type", "Disk", "unpluggable", false, "empty", false, "other_config", Map.of()));
        String exportTask = (String) c.call("task.create", "export", "");
        byte[] xva = http.send(HttpRequest.newBuilder(uri("/export?ref=" + vm, exportTask)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(c.call("task.get_status", exportTask)).isEqualTo("success");
        int vms = ((List<?>) c.call("VM.get_all")).size();
        int vdis = ((List<?>) c.call("VDI.get_all")).size();

        String task = (String) c.call("task.create", "import", "");
        int half = xva.length / 2;
        putCancelledHalfWay(uri("/import?sr_id=" + sr(), task), java.util.Arrays.copyOf(xva, half),
                java.util.Arrays.copyOfRange(xva, half, xva.length), task).exceptionally(e -> null).get();
        endsCancelled(task);
        assertThat((List<?>) c.call("VM.get_all")).hasSize(vms);
        assertThat((List<?>) c.call("VDI.get_all")).hasSize(vdis);
    }

    @Test
    void anAsyncCallsOperationRunsToItsEnd_andAFinishedTaskStaysAsItEnded() throws Exception {
        String vm = session.newVm("started");
        String task = (String) c.call("Async.VM.start", vm, false, false);
        c.call("task.cancel", task);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.call("task.get_status", task).equals("pending") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(c.call("task.get_status", task)).isEqualTo("success");
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Running");
        c.call("task.cancel", task);
        assertThat(c.call("task.get_status", task)).isEqualTo("success");
        assertThat((Map<?, ?>) c.call("task.get_current_operations", task)).isEmpty();
    }
}
