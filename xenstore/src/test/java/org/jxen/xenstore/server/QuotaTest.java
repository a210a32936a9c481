package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.xenstore.proto.Op.CONTROL;
import static org.jxen.xenstore.proto.Op.MKDIR;
import static org.jxen.xenstore.proto.Op.READ;
import static org.jxen.xenstore.proto.Op.SET_PERMS;
import static org.jxen.xenstore.proto.Op.TRANSACTION_END;
import static org.jxen.xenstore.proto.Op.TRANSACTION_START;
import static org.jxen.xenstore.proto.Op.WATCH;
import static org.jxen.xenstore.proto.Op.WRITE;
import static org.jxen.xenstore.proto.XsErrno.E2BIG;
import static org.jxen.xenstore.proto.XsErrno.ENOENT;
import static org.jxen.xenstore.proto.XsErrno.ENOMEM;
import static org.jxen.xenstore.proto.XsErrno.ENOSPC;

import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.CoreHarness;
import org.jxen.xenstore.testing.CoreHarness.Client;
import org.junit.jupiter.api.Test;

/**
 * Per-domain quotas with C xenstored's errnos: nodes (ENOSPC), watches (E2BIG), transactions
 * (ENOSPC), nodes per transaction (ENOSPC, XSA-419/421), node size (ENOSPC), permissions per node
 * (ENOSPC), memory (ENOMEM). Inside and outside transactions; dom0 exempt; a request that fails
 * a quota changes nothing.
 */
class QuotaTest {

    private static Client guestWithHome(CoreHarness h, Client dom0, int domid) {
        Client g = h.introduce(dom0, domid);
        dom0.ok(MKDIR, "/local/domain/" + domid + "\0");
        dom0.ok(SET_PERMS, "/local/domain/" + domid + "\0n0\0b" + domid + "\0");
        return g;
    }

    @Test
    void nodeQuotaStopsCreationWithoutHalfBuiltPaths() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("nodes", 3));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        g.ok(WRITE, "a\0" + "1");
        g.ok(WRITE, "b\0" + "1");
        assertThat(g.err(WRITE, "c/d\0" + "1")).isEqualTo(ENOSPC); // needs two nodes, one left
        assertThat(dom0.err(READ, "/local/domain/5/c\0")).isEqualTo(ENOENT);
        g.ok(WRITE, "c\0" + "1");
        assertThat(g.err(WRITE, "d\0" + "1")).isEqualTo(ENOSPC);
        g.ok(WRITE, "a\0" + "overwrite is fine");
        for (int i = 0; i < 20; i++) {
            dom0.ok(WRITE, "/local/domain/5/dom0-" + i + "\0x"); // dom0 is exempt
        }
    }

    @Test
    void nodeQuotaHoldsInsideTransactions() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("nodes", 2));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        int tx = Integer.parseInt(g.ok(TRANSACTION_START, "\0").trim());
        g.ok(WRITE, tx, "a\0" + "1");
        g.ok(WRITE, tx, "b\0" + "1");
        assertThat(g.err(WRITE, tx, "c\0" + "1")).isEqualTo(ENOSPC);
        g.ok(TRANSACTION_END, tx, "T\0");
        assertThat(g.err(WRITE, "c\0" + "1")).isEqualTo(ENOSPC);
    }

    @Test
    void transactionNodeQuota() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("transaction-nodes", 5));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        int tx = Integer.parseInt(g.ok(TRANSACTION_START, "\0").trim());
        for (int i = 0; i < 4; i++) {
            g.ok(WRITE, tx, "n" + i + "\0x"); // each touches the node; the home directory is the fifth
        }
        assertThat(g.err(READ, tx, "n9\0")).isEqualTo(ENOSPC);
        assertThat(g.ok(READ, tx, "n1\0")).isEqualTo("x"); // already touched: no new node
        g.ok(TRANSACTION_END, tx, "T\0");
        assertThat(dom0.ok(READ, "/local/domain/5/n3\0")).isEqualTo("x");
    }

    @Test
    void watchAndTransactionCountQuotas() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("watches", 2).with("transactions", 2));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        g.ok(WATCH, "a\0t\0");
        g.ok(WATCH, "b\0t\0");
        assertThat(g.err(WATCH, "c\0t\0")).isEqualTo(E2BIG);
        g.ok(TRANSACTION_START, "\0");
        g.ok(TRANSACTION_START, "\0");
        assertThat(g.err(TRANSACTION_START, "\0")).isEqualTo(ENOSPC);
        for (int i = 0; i < 5; i++) {
            dom0.ok(WATCH, "/w" + i + "\0t\0");
            dom0.ok(TRANSACTION_START, "\0");
        }
    }

    @Test
    void nodeSizeAndPermissionCountQuotas() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("node-size", 100).with("permissions", 2));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        g.ok(WRITE, "small\0" + "x".repeat(40));
        assertThat(g.err(WRITE, "big\0" + "x".repeat(100))).isEqualTo(ENOSPC);
        assertThat(dom0.err(READ, "/local/domain/5/big\0")).isEqualTo(ENOENT);
        g.ok(SET_PERMS, "small\0n5\0r1\0");
        assertThat(g.err(SET_PERMS, "small\0n5\0r1\0r2\0")).isEqualTo(ENOSPC);
        dom0.ok(WRITE, "/local/domain/5/big\0" + "x".repeat(1000));
    }

    @Test
    void memoryQuota() {
        CoreHarness h = new CoreHarness(Quota.DEFAULTS.with("memory", 1000));
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        g.ok(WRITE, "a\0" + "x".repeat(400));
        g.ok(WRITE, "b\0" + "x".repeat(400));
        assertThat(g.err(WRITE, "c\0" + "x".repeat(400))).isEqualTo(ENOMEM);
        g.ok(WRITE, "a\0" + "x".repeat(10)); // shrinking frees room
        g.ok(WRITE, "c\0" + "x".repeat(300));
    }

    @Test
    void quotasChangeAtRunTimeAndReportUsage() {
        CoreHarness h = new CoreHarness();
        Client dom0 = h.dom0();
        Client g = guestWithHome(h, dom0, 5);
        dom0.ok(CONTROL, "quota\0set\0nodes\0" + "1\0");
        g.ok(WRITE, "a\0" + "1");
        assertThat(g.err(WRITE, "b\0" + "1")).isEqualTo(ENOSPC);
        assertThat(dom0.ok(CONTROL, "quota\0")).contains("nodes            :        1 Nodes per domain\n");
        g.ok(WATCH, "a\0t\0");
        assertThat(dom0.ok(CONTROL, "quota\0" + "5\0")).isEqualTo(
                "Domain 5:\nnodes           :        1\nwatches         :        1\ntransactions    :        0\n"
                        + "outstanding     :        0\nmemory          :       58\n\0"); // 24 + 2*8 + 1 + 17-byte path
    }
}
