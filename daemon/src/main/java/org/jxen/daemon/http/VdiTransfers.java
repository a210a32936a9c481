package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Sessions;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.xapi.Storage;

/**
 * {@code PUT /import_raw_vdi} and {@code GET /export_raw_vdi}: a disk's bytes in and out, as
 * XAPI's handlers of those names move them ({@code vdi} by reference or UUID, {@code format=raw},
 * and a client's {@code task_id} driven to success or failure, which npm {@code xen-api} waits
 * on). Raw images only; a disk in use by a running VM is not written.
 */
public final class VdiTransfers extends Handler.Abstract {
    private static final int CHUNK = 1 << 20;

    private final ObjectStore store;
    private final HttpAuth auth;
    private final AsyncTasks tasks;

    public VdiTransfers(ObjectStore store, Sessions sessions, AsyncTasks tasks) {
        this.store = store;
        this.auth = new HttpAuth(sessions);
        this.tasks = tasks;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean in = request.getMethod().equals("PUT") && path.equals("/import_raw_vdi");
        boolean out = request.getMethod().equals("GET") && path.equals("/export_raw_vdi");
        if (!in && !out) {
            return false;
        }
        Fields query = Request.extractQueryParameters(request);
        String task = query.getValue("task_id");
        HttpAuth.Caller caller = null;
        try {
            caller = auth.caller(request, query);
            if (caller == null) {
                HttpAuth.challenge(request, response, callback);
                return true;
            }
            Map<String, Object> vdi = store.record("VDI", vdiRef(query.getValue("vdi")));
            String format = query.getValue("format");
            if (format != null && !format.equals("raw") || Storage.format(vdi) != DiskFormat.RAW) {
                throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "format", format == null ? "raw" : format,
                        "jxend moves raw images of raw disks only");
            }
            Path image = Path.of((String) vdi.get("location"));
            if (in) {
                receive(CancellableStreams.in(Content.Source.asInputStream(request), tasks, task), vdi, image);
                response.setStatus(HttpStatus.OK_200);
            } else {
                send(response, image, task);
            }
            if (task != null) {
                tasks.succeed(task, null); // before the reply: a client that has its answer finds the task done
            }
            callback.succeeded();
        } catch (XenApiFailure f) {
            if (task != null) {
                tasks.failOrCancel(task, f);
            }
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, String.join(" ", f.description()));
        } catch (IOException e) {
            if (task != null) {
                tasks.failOrCancel(task, XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, e.getMessage()));
            }
            callback.failed(e);
        } finally {
            auth.done(caller);
        }
        return true;
    }

    private String vdiRef(String given) throws XenApiFailure {
        if (given == null) {
            throw XenApiFailure.of(ErrorCodes.HANDLE_INVALID, "VDI", "");
        }
        return given.startsWith("OpaqueRef:") ? given : store.refByUuid("VDI", given);
    }

    private void receive(InputStream in, Map<String, Object> vdi, Path image) throws XenApiFailure, IOException {
        for (Object vbd : (List<?>) vdi.get("VBDs")) {
            if (Boolean.TRUE.equals(store.field("VBD", (String) vbd, "currently_attached"))) {
                throw XenApiFailure.of(ErrorCodes.VDI_IN_USE, vdi.get("uuid"), "import_raw_vdi");
            }
        }
        long size = (Long) vdi.get("virtual_size");
        try (InputStream body = in;
                FileChannel file = FileChannel.open(image, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[CHUNK];
            long written = 0;
            for (int n; (n = body.read(buffer)) > 0; written += n) {
                if (written + n > size) {
                    throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "body", written + n,
                            "more bytes than the disk's " + size);
                }
                file.write(java.nio.ByteBuffer.wrap(buffer, 0, n), written);
            }
        }
    }

    private void send(Response response, Path image, String task) throws IOException {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, java.nio.file.Files.size(image));
        try (InputStream file = java.nio.file.Files.newInputStream(image);
                OutputStream body = CancellableStreams.out(Content.Sink.asOutputStream(response), tasks, task)) {
            file.transferTo(body);
        }
    }
}
