package org.jxen.xenstore.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single thread that touches the {@link XenStoreCore}: every request, reply and watch event
 * of every transport is handled on it, so nothing locks. Transports plug in two ways:
 * <ul>
 *   <li>channels the loop selects on ({@link #register}): the socket transport's listening socket
 *       and connections, whose {@link Ready} handler runs when epoll reports them;</li>
 *   <li>tasks handed in from other threads ({@link #execute}): the rings' event-channel kicks,
 *       from Xen's event-channel thread or from guests living in this process.</li>
 * </ul>
 * A {@link Transport} also gets a turn on every pass for work of its own (requests held back by
 * fairness budgets, output to send, connections to drop) and is shut down by the loop.
 *
 * <p>After a pass the loop polls for up to {@code spinMicros} before it parks in epoll: the next
 * request usually follows within microseconds (a client in a request/reply loop, a transaction's
 * next step), and that saves a thread wake-up per round trip (it halves request latency). An
 * idle daemon spins once after its last request, then parks and uses no CPU.
 *
 * <p>A task that fails is logged and the loop goes on; a {@link Ready} handler isolates its own
 * connection (the socket transport closes it).
 */
public final class CoreLoop implements Executor, Runnable, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    /** Default for how long the loop polls for more work after a pass before it blocks. */
    public static final int DEFAULT_SPIN_MICROS = 50;
    /** How long {@link #awaitQuiet()} waits for a running loop: far beyond any pass's length. */
    public static final Duration QUIET_PATIENCE = Duration.ofSeconds(30);
    /** How often {@link #awaitQuiet()} looks whether the loop stopped meanwhile. */
    private static final long STOP_CHECK_MS = 50;

    /** What a transport does on the loop's thread besides handling its ready channels. */
    public interface Transport {
        /**
         * The transport's own work on each pass, after the tasks ran and before the loop waits.
         *
         * @return true if work is left that must not wait for an event (the loop then does not block)
         */
        boolean work();

        /** The loop is stopping: close every connection and release what the transport holds. */
        void shutdown();
    }

    /** Handles a registered channel that epoll reported ready; runs on the loop's thread. */
    public interface Ready {
        void ready(SelectionKey key) throws IOException;
    }

    private final Selector selector;
    private final long spinNanos;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Transport> transports = new ArrayList<>();
    private volatile boolean running = true;
    /** The loop is in, or about to enter, a blocking select: only then does a new task need a wake-up. */
    private volatile boolean parked;

    /** @param spinMicros how long to poll for the next request before blocking (0: block at once) */
    public CoreLoop(int spinMicros) throws IOException {
        this.selector = Selector.open();
        this.spinNanos = spinMicros * 1000L;
    }

    /** Plugs a transport in; call before {@link #run()} starts. */
    public void plug(Transport transport) {
        transports.add(transport);
    }

    /** Registers a non-blocking channel; {@code handler} runs on the loop when it is ready for {@code ops}. */
    public SelectionKey register(SelectableChannel channel, int ops, Ready handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Runs {@code task} on the loop's thread: the way other threads reach the core. A loop that
     * is running or spinning sees the task by itself; one parked in select is woken (a write to
     * the selector's pipe and a read back, which a ring's round trip would otherwise pay twice).
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (parked) {
            selector.wakeup();
        }
    }

    /**
     * Returns once the loop ran every task handed to it before this call and every task those
     * handed it in turn (a ring's output queued by a request becomes a turn of its own): the loop's
     * queue was seen empty after a task ran. Returns at once when the loop has stopped (nothing will
     * run those tasks). Not on the loop's thread.
     *
     * @throws IllegalStateException if the loop did not go quiet within {@link #QUIET_PATIENCE}: a
     *         task is stuck, which is a bug to report, not to wait out (the caller may hold a lock
     *         every other caller needs, as the simulated host's pump does)
     */
    public void awaitQuiet() {
        awaitQuiet(QUIET_PATIENCE);
    }

    void awaitQuiet(Duration patience) {
        CompletableFuture<Void> quiet = new CompletableFuture<>();
        execute(new Runnable() {
            @Override
            public void run() {
                if (tasks.isEmpty()) {
                    quiet.complete(null);
                } else {
                    tasks.add(this); // behind what earlier tasks queued; runTasks drains it this pass
                }
            }
        });
        long deadline = System.nanoTime() + patience.toNanos();
        while (running) {
            try {
                quiet.get(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "the XenStore loop did not go quiet"
                            + " within %.1f s: a task on it is stuck (a bug: jcmd PID Thread.print shows where)",
                            patience.toMillis() / 1000.0));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("never completed exceptionally", e);
            }
        }
    }

    /**
     * The loop; returns after {@link #close()}, having shut every transport down. A failure of
     * one pass is logged and the loop goes on.
     */
    @Override
    public void run() {
        try {
            while (running) {
                try {
                    pass();
                } catch (IOException e) {
                    if (running) {
                        LOG.log(System.Logger.Level.ERROR, "event loop: " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            running = false; // also when the loop dies of an Error: awaitQuiet must not wait for it
            shutdown();
        }
    }

    private void pass() throws IOException {
        runTasks();
        boolean workLeft = false;
        for (Transport t : transports) {
            workLeft |= t.work(); // e.g. what tasks (ring traffic) sent to sockets must not wait for a socket event
        }
        awaitWork(workLeft);
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.isValid()) {
                ((Ready) key.attachment()).ready(key);
            }
        }
        selector.selectedKeys().clear();
    }

    private void awaitWork(boolean workLeft) throws IOException {
        if (workLeft) {
            selector.selectNow();
            return;
        }
        long spinUntil = System.nanoTime() + spinNanos;
        while (running && tasks.isEmpty() && System.nanoTime() < spinUntil) {
            if (selector.selectNow() > 0) {
                return;
            }
            Thread.onSpinWait();
        }
        // A task queued or a stop during the spin must not wait for select(); one arriving after
        // this check sees parked set (both are volatile: one side sees the other) and wakes select().
        parked = true;
        try {
            if (!tasks.isEmpty() || !running) {
                return;
            }
            selector.select();
        } finally {
            parked = false;
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a task on the event loop failed; serving goes on", e);
            }
        }
    }

    /** Stops the loop; the loop's thread then shuts every transport down. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }

    private void shutdown() {
        for (Transport t : transports) {
            try {
                t.shutdown();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "shutting a transport down failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "shutdown: " + e.getMessage());
        }
    }
}
