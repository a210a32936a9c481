package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;

/** A running domain's disks and network interfaces: {@code block-*} and {@code network-*}. */
public final class DeviceCommands {
    private DeviceCommands() {
    }

    /** {@code block-attach} and {@code network-attach}: the device in xl's syntax, its parts joined by commas. */
    public static final class Attach extends XlCommand {
        private final String call;
        private final String failed;

        private Attach(String name, String usage, String summary, int minParts, String call, String failed) {
            super(name, usage, summary, 1 + minParts, Integer.MAX_VALUE, HELP);
            this.call = call;
            this.failed = failed;
        }

        public static Attach block() {
            return new Attach("block-attach", "<Domain> <disk-spec-component(s)>...", "Create a new virtual block device",
                    1, "attach_domain_disk", "libxl_device_disk_add failed.");
        }

        public static Attach network() {
            return new Attach("network-attach", "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] "
                    + "[ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] "
                    + "[model=<model>] [accel=<accel>]", "Create a new virtual network device", 0, "attach_domain_nic",
                    "libxl_device_nic_add failed.");
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            List<String> all = args.positional();
            DomainRow d = Domains.find(api, all.getFirst());
            try {
                api.onDomain(call, d.domid(), String.join(",", all.subList(1, all.size())));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\n" + failed);
            }
            return 0;
        }
    }

    public static final class NetworkDetach extends XlCommand {
        public NetworkDetach() {
            super("network-detach", "<Domain> <DevId|mac>", "Destroy a domain's virtual network device", 2, 2, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, args.positional(0));
            String device = args.positional(1);
            for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), "vif")) {
                DeviceRow r = DeviceRow.of(m);
                if (Integer.toString(r.devid()).equals(device) || r.identity().equalsIgnoreCase(device)) {
                    api.onDomain("detach_domain_nic", d.domid(), (long) r.devid());
                    return 0;
                }
            }
            throw XlFailure.of("Unknown device " + device + ".");
        }
    }

    public static final class BlockDetach extends XlCommand {
        public BlockDetach() {
            super("block-detach", "<Domain> <DevId>", "Destroy a domain's virtual block device", 2, 2, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, args.positional(0));
            try {
                api.onDomain("detach_domain_disk", d.domid(), args.positional(1));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e)); // the toolstack's words are xl's: Error: Device V not connected.
            }
            return 0;
        }
    }

    /** {@code block-list} and {@code network-list}: one table of a kind of device over the domains named. */
    public static final class DeviceList extends XlCommand {
        private final String kind;
        private final String header;

        private DeviceList(String name, String summary, String kind, String header) {
            super(name, "<Domain(s)>", summary, 1, Integer.MAX_VALUE, HELP);
            this.kind = kind;
            this.header = header;
        }

        public static DeviceList block() {
            return new DeviceList("block-list", "List virtual block devices for a domain", "vbd", Tables.BLOCK_HEADER);
        }

        public static DeviceList network() {
            return new DeviceList("network-list", "List virtual network interfaces for a domain", "vif",
                    Tables.NETWORK_HEADER);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            out.println(header);
            for (DomainRow d : ListCommands.find(all, args.positional())) {
                for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), kind)) {
                    DeviceRow r = DeviceRow.of(m);
                    out.println(kind.equals("vif") ? Tables.network(r) : Tables.block(r, d.domid()));
                }
            }
            return 0;
        }
    }
}
