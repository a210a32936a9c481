package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jxen.config.DomainConfig;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.PhysInfo;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.ToolstackException;

/** libxl's defaults for what a create needs (interim: to be replaced by LibxlDefaults). */
final class Defaults {
    /** LIBXL_DEVICE_NIC_MTU_DEFAULT. */
    static final int NIC_MTU = 1500;

    private Defaults() {
    }

    static DomainConfig complete(DomainConfig c, PhysInfo host, RandomGenerator random) throws ToolstackException {
        if (c.cInfo().name() == null || c.cInfo().name().isEmpty()) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEFAULTS,
                    "the domain has no name: set name= in its config", null);
        }
        DomainConfig.BuildInfo b = c.bInfo();
        int maxVcpus = b.maxVcpus() == null ? 1 : b.maxVcpus();
        b = Configs.with(b, "maxVcpus", maxVcpus);
        if (b.availVcpus() == null || b.availVcpus().isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int v = 0; v < maxVcpus; v++) {
                all.add(v);
            }
            b = Configs.with(b, "availVcpus", all);
        }
        long max = b.maxMemkb() == null ? 128 * 1024 : b.maxMemkb();
        long target = b.targetMemkb() == null ? max : b.targetMemkb();
        b = Configs.memory(b, max, target);
        b = Configs.with(b, "videoMemkb", b.videoMemkb() == null ? 0L : b.videoMemkb());
        b = Configs.with(b, "maxGrantFrames", b.maxGrantFrames() == null ? CreateSpec.DEFAULT_MAX_GRANT_FRAMES : b.maxGrantFrames());
        b = Configs.with(b, "maxMaptrackFrames",
                b.maxMaptrackFrames() == null ? CreateSpec.DEFAULT_MAX_MAPTRACK_FRAMES : b.maxMaptrackFrames());
        b = Configs.with(b, "eventChannels", b.eventChannels() == null ? CreateSpec.DEFAULT_MAX_EVENT_CHANNELS : b.eventChannels());
        DomainConfig out = Configs.with(c, "bInfo", b);
        List<DomainConfig.Nic> nics = new ArrayList<>();
        for (DomainConfig.Nic n : c.nics()) {
            nics.add(nic(n, n.devid() != null ? n.devid() : nics.size(), random));
        }
        return Configs.withNics(out, nics);
    }

    static DomainConfig.Nic nic(DomainConfig.Nic n, int devid, RandomGenerator random) {
        return new DomainConfig.Nic(n.backendDomname(), devid, n.mtu() == null ? NIC_MTU : n.mtu(),
                n.model() == null ? "rtl8139" : n.model(), n.mac() == null ? Hotplug.randomMac(random) : n.mac(), n.ip(),
                n.bridge() == null ? "xenbr0" : n.bridge(), n.ifname(), n.script() == null ? "vif-bridge" : n.script(),
                n.nictype() == null ? DomainConfig.NicType.VIF : n.nictype(), n.rateBytesPerInterval(),
                n.rateIntervalUsecs(), n.gatewaydev(), n.trusted() == null ? Boolean.TRUE : n.trusted());
    }
}
