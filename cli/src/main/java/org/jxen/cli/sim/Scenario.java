package org.jxen.cli.sim;

import java.util.List;
import org.jxen.config.DomainConfig;
import org.jxen.hv.sim.Topology;
import org.jxen.hv.sim.Workload;

/**
 * A what-if study for the simulated host, as read from a scenario file: the host, the domains
 * (each from an xl.cfg, with a workload), and what happens to them when.
 */
public record Scenario(Topology host, long seed, long durationNs, Integer rateLimitUs, List<Domain> domains,
                       List<TimedEvent> events) {
    public Scenario {
        domains = List.copyOf(domains);
        events = List.copyOf(events);
    }

    /**
     * One domain: its name, its configuration as xl reads it from its xl.cfg (name and UUID set
     * by the scenario; everything else left to the toolstack's defaults), its workload (every
     * vCPU), and when it starts (null: only when an event starts it).
     */
    public record Domain(String name, DomainConfig config, Workload workload, Long startNs) {
        /** The vCPUs the domain will have: {@code maxvcpus}, else {@code vcpus}, else libxl's 1. */
        public int maxVcpus() {
            return config.bInfo().maxVcpus() == null ? 1 : config.bInfo().maxVcpus();
        }
    }

    /** Something done to a domain (by name) at a time. */
    public record TimedEvent(long atNs, String domain, Action action) {
    }

    /** What an event does: what a toolstack (or a guest) does to a running domain. */
    public sealed interface Action {
        record Start() implements Action {
        }

        /** The guest shuts itself down (poweroff); the toolstack then destroys it. */
        record Stop() implements Action {
        }

        record Destroy() implements Action {
        }

        record Pause() implements Action {
        }

        record Unpause() implements Action {
        }

        record Crash() implements Action {
        }

        record SetWeight(int weight) implements Action {
        }

        /** Percent of one CPU; 0 removes the cap. */
        record SetCap(int cap) implements Action {
        }

        record SetWorkload(Workload workload) implements Action {
        }

        record SetMemory(long targetKb) implements Action {
        }

        record SetVcpus(int online) implements Action {
        }
    }
}
