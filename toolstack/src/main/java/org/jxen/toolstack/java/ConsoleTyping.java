package org.jxen.toolstack.java;

import org.jxen.hv.BuildResult;
import org.jxen.hv.ConsoleRing;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;

/**
 * What xenconsoled does with what it reads from a console's pty: puts it into the {@code in} ring
 * of the guest's console page (grant 0, {@code console/ring-ref}) and notifies the guest on the
 * console's event channel ({@code console/port}). The page and port are held only while typing,
 * so a destroyed domain is never kept dying by them.
 */
final class ConsoleTyping {
    private final Hypervisor hv;
    private final XsClient xs;

    ConsoleTyping(Hypervisor hv, XsClient xs) {
        this.hv = hv;
        this.xs = xs;
    }

    /** Puts as much of {@code bytes} as the ring has room for; returns how much (0: the guest has not read yet). */
    int type(DomainRecord r, byte[] bytes) throws ToolstackException {
        String port = xs.readOrNull(DomainTree.home(r.domid) + "/console/port");
        if (port == null || !port.matches("\\d+")) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, "domain " + r.domid
                    + " has no console to type into (console/port is " + (port == null ? "missing" : "\"" + port + "\"")
                    + ")");
        }
        return JavaToolstack.callFor(() -> {
            try (GrantMapping page = hv.mapGrant(r.domid, BuildResult.CONSOLE_GRANT_REF, false)) {
                int local = hv.bindInterdomain(r.domid, Integer.parseInt(port));
                try {
                    int typed = ConsoleRing.of(page).write(bytes);
                    hv.notify(local);
                    return typed;
                } finally {
                    hv.closePort(local);
                }
            }
        });
    }
}
