package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What a simulated host tells: Xen's console, and the trace of its decisions when one is wanted. */
final class HostLog {
    private final EventQueue clock;
    private final List<String> console = new ArrayList<>();
    private SimTrace trace;

    HostLog(EventQueue clock) {
        this.clock = clock;
    }

    void console(String line) {
        console.add(line);
    }

    List<String> consoleLog() {
        return List.copyOf(console);
    }

    void traceTo(SimTrace sink) {
        trace = sink;
    }

    /** Records an event if tracing is on; the text is built only then. */
    void traced(Supplier<String> event) {
        if (trace != null) {
            trace.record(clock.now(), event.get());
        }
    }
}
