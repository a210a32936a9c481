package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
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
import org.jxen.api.XmlRpc;
import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Sessions;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.xapi.VmExport;
import org.jxen.daemon.xapi.VmImport;

/**
 * XVAs in and out. {@code GET /export?ref=VM} (or {@code uuid}): the VM as an XVA ({@link VmExport}).
 * {@code PUT /import} ({@code /import/} too, as Xen Orchestra writes it): an XVA in the body,
 * {@code sr_id} the SR its disks go on (the pool's default SR without one), {@code task_id} a task
 * driven to success with the VMs made as its result (an XML-RPC array of references, as XAPI's)
 * or to failure. As XAPI's handler, it answers 200 before it reads the body, and says what went
 * wrong in the body and the task: npm {@code xen-api} probes for a redirect with an empty body and
 * its 1 PiB Content-Length (what it says when it cannot tell the length) and goes on once it has an
 * answer. An empty body imports nothing. The body is read until every disk has its last chunk and
 * no further: a client that announced more is answered then.
 */
public final class XvaTransfers extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(XvaTransfers.class.getName());
    private final ObjectStore store;
    private final HttpAuth auth;
    private final AsyncTasks tasks;
    private final VmImport imports;
    private final VmExport exports;

    public XvaTransfers(ObjectStore store, Sessions sessions, AsyncTasks tasks, VmImport imports, VmExport exports) {
        this.store = store;
        this.auth = new HttpAuth(sessions);
        this.tasks = tasks;
        this.imports = imports;
        this.exports = exports;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean in = request.getMethod().equals("PUT") && (path.equals("/import") || path.equals("/import/"));
        boolean out = request.getMethod().equals("GET") && (path.equals("/export") || path.equals("/export/"));
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
            if (out) {
                export(query, response, task);
                callback.succeeded();
                return true;
            }
            if (request.getLength() == 0 && task == null) {
                response.setStatus(HttpStatus.OK_200); // npm xen-api's probe for a redirect: nothing to import
                callback.succeeded();
                return true;
            }
            String sr = sr(query.getValue("sr_id"));
            // As XAPI's handler, 200 goes out before the body is read: npm xen-api probes with its
            // 1 PiB Content-Length and an empty body, and goes on once it has an answer.
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            Callback.Completable committed = new Callback.Completable();
            response.write(false, ByteBuffer.allocate(0), committed);
            committed.get();
            String answer;
            // not closed: closing reads the rest of what the client announced, which it may not send
            InputStream body = CancellableStreams.in(Content.Source.asInputStream(request), tasks, task);
            try {
                List<String> vms = imports.importXva(body, sr);
                if (task != null) {
                    tasks.succeed(task, vms); // before the reply: a client that has its answer finds the task done
                }
                answer = XmlRpc.valueToString(vms);
            } catch (XenApiFailure f) { // the status is sent: the task and the body say what failed
                if (task != null) {
                    tasks.failOrCancel(task, f);
                }
                LOG.warning("an import from " + Request.getRemoteAddr(request) + " failed: " + String.join(" ",
                        f.description()));
                answer = String.join(" ", f.description());
            }
            response.write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), callback);
        } catch (XenApiFailure f) {
            if (task != null) {
                tasks.failOrCancel(task, f);
            }
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, String.join(" ", f.description()));
        } catch (IOException | ExecutionException e) { // the client went away (its probe), or its body did
            if (task != null) {
                tasks.failOrCancel(task, in ? XenApiFailure.of(ErrorCodes.IMPORT_ERROR, "reading the XVA: " + e.getMessage())
                        : XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "sending the XVA: " + e.getMessage()));
            }
            callback.failed(e);
        } finally {
            auth.done(caller);
        }
        return true;
    }

    /**
     * A VM ({@code ref} or {@code uuid}) as an XVA; {@code use_compression=true} gzips it, as XAPI
     * does ({@code zstd} is refused). The task ends with an empty result once all is sent.
     */
    private void export(Fields query, Response response, String task) throws XenApiFailure, IOException,
            InterruptedException {
        String given = query.getValue("ref") != null ? query.getValue("ref") : query.getValue("uuid");
        if (given == null) {
            throw XenApiFailure.of(ErrorCodes.HANDLE_INVALID, "VM", "");
        }
        String compression = query.getValue("use_compression");
        boolean gzip = "true".equals(compression);
        if (compression != null && !gzip && !"false".equals(compression)) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "use_compression", compression,
                    "jxend exports uncompressed (false) or gzip-compressed (true) XVAs");
        }
        String vm = exports.exportable(given);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        OutputStream sink = CancellableStreams.out(Content.Sink.asOutputStream(response), tasks, task);
        OutputStream body = gzip ? new GZIPOutputStream(sink, 1 << 16) : sink;
        exports.write(vm, body); // a failure leaves the response unfinished: the caller aborts it
        if (body instanceof GZIPOutputStream z) {
            z.finish();
        }
        if (task != null) {
            tasks.succeed(task, null); // before the reply ends: a client that has it all finds the task done
        }
        sink.close();
    }

    /** The SR named (reference or UUID; HANDLE_INVALID or UUID_INVALID when there is none), or the pool's default. */
    private String sr(String given) throws XenApiFailure {
        if (given == null || given.isEmpty()) {
            return (String) store.field("pool", store.refs("pool").getFirst(), "default_SR");
        }
        String sr = given.startsWith("OpaqueRef:") ? given : store.refByUuid("SR", given);
        store.record("SR", sr);
        return sr;
    }
}
