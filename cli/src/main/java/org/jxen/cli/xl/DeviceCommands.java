package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jxen.api.XenApiFailure;

/** A running domain's disks and network interfaces: {@code block-*} and {@code network-*}. */
final class DeviceCommands {
    private DeviceCommands() {
    }

    /** Each argument after the domain is a disk specification of its own, read into the one disk (as xl). */
    static XlCommand blockAttach() {
        return attach("block-attach", "<Domain> <disk-spec-component(s)>...", "Create a new virtual block device", 1,
                "attach_domain_disk", "libxl_device_disk_add failed.",
                parts -> new Object[] {parts.getFirst(), parts.subList(1, parts.size())});
    }

    static XlCommand networkAttach() {
        return attach("network-attach", "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] "
                + "[script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>]",
                "Create a new virtual network device", 0, "attach_domain_nic", "libxl_device_nic_add failed.",
                parts -> new Object[] {String.join(",", parts)});
    }

    static XlCommand networkDetach() {
        return XlCommand.of("network-detach", "<Domain> <DevId|mac>", "Destroy a domain's virtual network device", 2, 2,
                DeviceCommands::networkDetach);
    }

    static XlCommand blockDetach() {
        return XlCommand.of("block-detach", "<Domain> <DevId>", "Destroy a domain's virtual block device", 2, 2,
                (api, args, out, err) -> {
                    DomainRow d = Domains.find(api, args.positional(0),
                            id -> XlFailure.of("Error: Device " + args.positional(1) + " not connected."));
                    try {
                        api.onDomain("detach_domain_disk", d.domid(), args.positional(1));
                    } catch (XenApiFailure e) {
                        throw XlFailure.of(Failures.reason(e)); // the toolstack's words are xl's: Error: Device V not connected.
                    }
                    return 0;
                });
    }

    static XlCommand blockList() {
        return list("block-list", "List virtual block devices for a domain", "vbd", Tables.BLOCK_HEADER);
    }

    static XlCommand networkList() {
        return list("network-list", "List virtual network interfaces for a domain", "vif", Tables.NETWORK_HEADER);
    }

    /** {@code block-attach} and {@code network-attach}: the device in xl's syntax, its parts as {@code call} takes them. */
    private static XlCommand attach(String name, String usage, String summary, int minParts, String call, String failed,
            Function<List<String>, Object[]> params) {
        return XlCommand.of(name, usage, summary, 1 + minParts, Integer.MAX_VALUE, (api, args, out, err) -> {
            List<String> all = args.positional();
            DomainRow d = Domains.find(api, all.getFirst(), id -> XlFailure.of(failed));
            try {
                api.onDomain(call, d.domid(), params.apply(all.subList(1, all.size())));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\n" + failed);
            }
            return 0;
        });
    }

    private static int networkDetach(JxendApi api, Args args, PrintWriter out, PrintWriter err)
            throws XenApiFailure, XlFailure {
        String device = args.positional(1);
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("Unknown device " + device + "."));
        for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), "vif")) {
            DeviceRow r = DeviceRow.of(m);
            if (Integer.toString(r.devid()).equals(device) || r.identity().equalsIgnoreCase(device)) {
                api.onDomain("detach_domain_nic", d.domid(), (long) r.devid());
                return 0;
            }
        }
        throw XlFailure.of("Unknown device " + device + ".");
    }

    /** {@code block-list} and {@code network-list}: one table of a kind of device over the domains named. */
    private static XlCommand list(String name, String summary, String kind, String header) {
        return XlCommand.of(name, "<Domain(s)>", summary, 1, Integer.MAX_VALUE, (api, args, out, err) -> {
            Domains all = Domains.of(api);
            out.println(header);
            for (DomainRow d : ListCommands.present(all, args.positional())) {
                for (Map<?, ?> m : api.structs("get_domain_devices", d.domid(), kind)) {
                    DeviceRow r = DeviceRow.of(m);
                    out.println(kind.equals("vif") ? Tables.network(r) : Tables.block(r, d.domid()));
                }
            }
            return 0;
        });
    }
}
