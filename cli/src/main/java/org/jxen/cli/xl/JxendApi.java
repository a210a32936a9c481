package org.jxen.cli.xl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.api.client.XenApiClient;

/**
 * jxend as jxl uses it: its {@code jxen.*} calls by domain ID and the few XenAPI calls xl's
 * commands map onto, typed. A failure jxend reports comes back as {@link XenApiFailure} for the
 * command to turn into xl's words; a broken connection as an {@link XlFailure}.
 */
public final class JxendApi implements AutoCloseable {
    private final XenApiClient client;

    public JxendApi(XenApiClient client) {
        this.client = client;
    }

    /** {@code method(session, params...)}; a lost connection is a failure saying so. */
    public Object call(String method, Object... params) throws XenApiFailure, XlFailure {
        try {
            return client.call(method, params);
        } catch (IOException e) {
            throw XlFailure.of("jxl: lost jxend while calling " + method + ": " + e.getMessage());
        }
    }

    public List<DomainRow> domains() throws XenApiFailure, XlFailure {
        List<DomainRow> out = new ArrayList<>();
        for (Object o : (List<?>) call("jxen.list_domains")) {
            out.add(DomainRow.of((Map<?, ?>) o));
        }
        return out;
    }

    /** Calls {@code jxen.METHOD(session, domid, params...)}. */
    public Object onDomain(String method, int domid, Object... params) throws XenApiFailure, XlFailure {
        Object[] all = new Object[params.length + 1];
        all[0] = (long) domid;
        System.arraycopy(params, 0, all, 1, params.length);
        return call("jxen." + method, all);
    }

    /** The structs of a {@code jxen.*} call that answers a list of them. */
    public List<Map<?, ?>> structs(String method, int domid, Object... params) throws XenApiFailure, XlFailure {
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : (List<?>) onDomain(method, domid, params)) {
            out.add((Map<?, ?>) o);
        }
        return out;
    }

    @Override
    public void close() throws XlFailure {
        try {
            client.close();
        } catch (IOException e) {
            throw XlFailure.of("jxl: logging out of jxend: " + e.getMessage());
        }
    }
}
