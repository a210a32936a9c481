package org.jxen.daemon.xapi;

import static org.jxen.daemon.xapi.JxenMessages.ANY;
import static org.jxen.daemon.xapi.JxenMessages.BOOL;
import static org.jxen.daemon.xapi.JxenMessages.DOMID;
import static org.jxen.daemon.xapi.JxenMessages.INT;
import static org.jxen.daemon.xapi.JxenMessages.STRING;
import static org.jxen.daemon.xapi.JxenMessages.param;
import static org.jxen.daemon.xapi.XlDomains.get;
import static org.jxen.daemon.xapi.XlDomains.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Param;
import org.jxen.api.model.Type;
import org.jxen.config.ConfigException;
import org.jxen.config.DeviceSpecs;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.rpc.Call;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * A domain's disks and network interfaces as xl attaches, detaches and lists them (device
 * specifications in xl's syntax, read by the config module), and xl's save and restore to a file
 * on the host (XAPI's suspend keeps the image in a VDI instead). The domain's VM record follows
 * through the toolstack's events: a save ends the domain, a restore brings it back as its VM.
 */
final class XlDevices {
    private final Toolstack toolstack;
    private final HostCpus cpus;
    private final Bridges bridges;

    XlDevices(Toolstack toolstack, HostCpus cpus, Bridges bridges) {
        this.toolstack = toolstack;
        this.cpus = cpus;
        this.bridges = bridges;
    }

    void register(JxenMessages m) {
        m.on("attach_domain_disk", null, call -> run(call, d -> toolstack.attachDisk(d, disk(call))), DOMID,
                param("spec", STRING), new Param("more_specs", new Type.SetType(STRING), List.of()));
        m.on("detach_domain_disk", null, call -> run(call, d -> toolstack.detachDisk(d, (String) call.arg(1))), DOMID,
                param("vdev", STRING));
        m.on("attach_domain_nic", INT, this::attachNic, DOMID, param("spec", STRING));
        m.on("detach_domain_nic", null, call -> run(call, d -> toolstack.detachNic(d, ((Long) call.arg(1)).intValue())),
                DOMID, param("devid", INT));
        m.on("get_domain_devices", new Type.SetType(ANY), call -> get(call, d -> devices(d, (String) call.arg(1))),
                DOMID, param("kind", STRING));
        m.on("save_domain", null, call -> run(call, d -> toolstack.save(d, file(call.arg(1)), (Boolean) call.arg(2))),
                DOMID, param("file", STRING), param("checkpoint", BOOL));
        m.on("restore_domain", INT, this::restore, param("file", STRING), param("paused", BOOL),
                new Param("config", STRING, ""), new Param("config_file", STRING, ""));
        m.on("dump_domain_core", null, call -> run(call, d -> toolstack.dumpCore(d, file(call.arg(1)))), DOMID,
                param("file", STRING));
    }

    private static DomainConfig.Disk disk(Call call) throws ToolstackException {
        try {
            List<String> specs = new ArrayList<>();
            specs.add((String) call.arg(1));
            for (Object more : (List<?>) call.arg(2)) {
                specs.add((String) more);
            }
            return DeviceSpecs.disk(specs, "block-attach");
        } catch (ConfigException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, e.getMessage());
        }
    }

    /**
     * {@code network-attach}: a bridge dom0 lacks is refused before anything is made, in
     * {@code vif-bridge}'s words (libxl adds the vif, the script fails, and the vif is left behind).
     */
    private Object attachNic(Call call) throws XenApiFailure {
        return get(call, d -> {
            DomainConfig.Nic nic = nic(call, d);
            if (XlConfigs.needsBridge(nic) && !bridges.exists(nic.bridge())) {
                throw new ToolstackException(ToolstackException.Kind.INVALID,
                        XlConfigs.noSuchBridge(nic.bridge(), "dom0 has no such bridge"));
            }
            return (long) toolstack.attachNic(d, nic);
        });
    }

    /** The new NIC's devid is the next free one, as libxl picks it. */
    private DomainConfig.Nic nic(Call call, int domid) throws ToolstackException {
        int next = devices(domid, "vif").stream().mapToInt(m -> ((Long) m.get("devid")).intValue() + 1).max().orElse(0);
        try {
            return DeviceSpecs.nic((String) call.arg(1), next, "network-attach");
        } catch (ConfigException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, e.getMessage());
        }
    }

    private List<Map<String, Object>> devices(int domid, String kind) throws ToolstackException {
        DeviceStatus.Kind k = switch (kind) {
            case "vbd" -> DeviceStatus.Kind.VBD;
            case "vif" -> DeviceStatus.Kind.VIF;
            default -> throw new ToolstackException(ToolstackException.Kind.INVALID, "no device kind " + kind
                    + " (vbd or vif)");
        };
        return toolstack.devices(domid, k).stream().map(XlDevices::device).toList();
    }

    private static Map<String, Object> device(DeviceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devid", (long) s.devid());
        m.put("backend_domid", (long) s.backendDomid());
        m.put("frontend_state", (long) s.frontendState());
        m.put("backend_state", (long) s.backendState());
        m.put("event_channel", (long) s.eventChannel());
        m.put("ring_refs", s.ringRefs());
        m.put("backend_path", s.backendPath());
        m.put("identity", s.identity());
        return m;
    }

    private static Path file(Object wire) {
        return Path.of((String) wire);
    }

    /**
     * {@code xl restore [CONFIG] FILE}: the image's own configuration, or the xl.cfg text given
     * (read as {@code xl create} reads it; its errors are {@code VALUE_NOT_SUPPORTED [xl.cfg, FILE, why]}).
     */
    private Object restore(Call call) throws XenApiFailure {
        if (!Files.isReadable(file(call.arg(0)))) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "file", call.arg(0), "No such file or directory");
        }
        String text = (String) call.arg(2);
        DomainConfig config = null;
        if (!text.isEmpty()) {
            String name = (String) call.arg(3);
            try {
                config = XlDomainReader.read(XlConfigParser.parse(name, text), UUID::randomUUID, cpus).config();
            } catch (ConfigException e) {
                throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "xl.cfg", name, e.getMessage());
            }
        }
        try {
            return (long) toolstack.restore(file(call.arg(0)), config,
                    CreateOptions.DEFAULT.paused((Boolean) call.arg(1))).domid();
        } catch (ToolstackException e) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "file", call.arg(0), e.getMessage());
        }
    }
}
