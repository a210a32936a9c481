package org.jxen.daemon.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxen.daemon.rpc.Origin;

/**
 * Each client address runs at most {@code perClient} RPC calls at once; its further calls wait
 * their turn, in order, on their own virtual threads. A client that floods jxend from many
 * connections so keeps at most {@code perClient} CPUs busy, and every other client finds the rest
 * free: with half the CPUs per client ({@link #HALF_THE_CPUS}), a well-behaved client's calls take
 * at most about twice as long as on an idle host (HostileClientTest measures it). Callers on the
 * Unix socket (root, on the host itself) are not counted.
 */
final class ClientShares {
    /** Half the CPUs, at least one. */
    static final int HALF_THE_CPUS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** A call's turn; closing it (again and again, if need be) lets the client's next call run. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** One address's permits, and how many of its calls hold or wait for one (none: the share is dropped). */
    private static final class Share {
        final Semaphore permits;
        int calls;

        Share(int perClient) {
            permits = new Semaphore(perClient, true);
        }
    }

    private final int perClient;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();

    ClientShares(int perClient) {
        this.perClient = perClient;
    }

    /** Waits until {@code origin} may run one more call. */
    Turn take(Origin origin) throws InterruptedException {
        if (origin.unixSocket()) {
            return () -> { };
        }
        String address = origin.address();
        Share share = join(address);
        try {
            share.permits.acquire();
        } catch (InterruptedException e) {
            leave(address);
            throw e;
        }
        return turn(address, share);
    }

    /** A turn for {@code origin} if it may run one more call now; null if it would have to wait. */
    Turn tryTake(Origin origin) {
        if (origin.unixSocket()) {
            return () -> { };
        }
        String address = origin.address();
        Share share = join(address);
        if (!share.permits.tryAcquire()) {
            leave(address);
            return null;
        }
        return turn(address, share);
    }

    private Share join(String address) {
        return shares.compute(address, (a, s) -> {
            Share counted = s == null ? new Share(perClient) : s;
            counted.calls++;
            return counted;
        });
    }

    private Turn turn(String address, Share share) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                share.permits.release();
                leave(address);
            }
        };
    }

    private void leave(String address) {
        shares.computeIfPresent(address, (a, s) -> --s.calls == 0 ? null : s);
    }

    /** How many addresses have calls running or waiting (for tests: shares are dropped when unused). */
    int clients() {
        return shares.size();
    }
}
