package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A running domain's disks and network interfaces: {@code block-*} and {@code network-*}. */
public final class DeviceCommands {
    private DeviceCommands() {
    }

    @Command(name = "network-attach", description = "Create a new virtual network device")
    public static final class NetworkAttach extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE",
                description = "the NIC, as in xl-network-configuration(5): mac=, bridge=, model=, script=, ...")
        List<String> spec = new ArrayList<>();

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("attach_domain_nic", d.domid(), String.join(",", spec));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nlibxl_device_nic_add failed.");
            }
            return 0;
        }
    }

    @Command(name = "network-detach", description = "Destroy a domain's virtual network device")
    public static final class NetworkDetach extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "DevId|mac")
        String device;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            DeviceRow nic = null;
            for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), "vif")) {
                DeviceRow r = DeviceRow.of(m);
                if (Integer.toString(r.devid()).equals(device) || r.identity().equalsIgnoreCase(device)) {
                    nic = r;
                }
            }
            if (nic == null) {
                throw XlFailure.of("Unknown device " + device + ".");
            }
            api.onDomain("detach_domain_nic", d.domid(), (long) nic.devid());
            return 0;
        }
    }

    @Command(name = "network-list", description = "List virtual network interfaces for a domain")
    public static final class NetworkList extends XlCommand {
        @Parameters(arity = "1..*", paramLabel = "Domain")
        List<String> domains;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            out.println(Tables.NETWORK_HEADER);
            for (DomainRow d : ListCommands.find(all, domains)) {
                for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), "vif")) {
                    out.println(Tables.network(DeviceRow.of(m)));
                }
            }
            return 0;
        }
    }

    @Command(name = "block-attach", description = "Create a new virtual block device")
    public static final class BlockAttach extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "disk-spec-component",
                description = "the disk, as in xl-disk-configuration(5)")
        List<String> spec;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("attach_domain_disk", d.domid(), String.join(",", spec));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nlibxl_device_disk_add failed.");
            }
            return 0;
        }
    }

    @Command(name = "block-detach", description = "Destroy a domain's virtual block device")
    public static final class BlockDetach extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "DevId")
        String vdev;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("detach_domain_disk", d.domid(), vdev);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e)); // the toolstack's words are xl's: Error: Device V not connected.
            }
            return 0;
        }
    }

    @Command(name = "block-list", description = "List virtual block devices for a domain")
    public static final class BlockList extends XlCommand {
        @Parameters(arity = "1..*", paramLabel = "Domain")
        List<String> domains;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            out.println(Tables.BLOCK_HEADER);
            for (DomainRow d : ListCommands.find(all, domains)) {
                for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), "vbd")) {
                    out.println(Tables.block(DeviceRow.of(m), d.domid()));
                }
            }
            return 0;
        }
    }
}
