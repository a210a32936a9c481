package org.jxen.xenstore.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xenstore.store.Caller;
import org.jxen.xenstore.store.Transaction;

/** One client connection's state in the core: who it is, its watches and open transactions. */
public final class Session {
    private final long id;
    private final ClientLink link;
    private Caller caller;
    private final List<Watch> watches = new ArrayList<>();
    private final Map<Integer, Transaction> transactions = new HashMap<>();
    private int nextTransactionId = 1;
    private boolean closed;

    Session(long id, ClientLink link, Caller caller) {
        this.id = id;
        this.link = link;
        this.caller = caller;
    }

    public long id() {
        return id;
    }

    public ClientLink link() {
        return link;
    }

    public Caller caller() {
        return caller;
    }

    void setCaller(Caller caller) {
        this.caller = caller;
    }

    List<Watch> watches() {
        return watches;
    }

    Map<Integer, Transaction> transactions() {
        return transactions;
    }

    /** The next transaction id not in use on this connection (ids are per connection, from 1, never 0). */
    int allocateTransactionId() {
        while (nextTransactionId == 0 || transactions.containsKey(nextTransactionId)) {
            nextTransactionId++;
        }
        return nextTransactionId++;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return link.describe() + "/dom" + caller.domid();
    }
}
