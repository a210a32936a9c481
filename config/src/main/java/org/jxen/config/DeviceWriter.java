package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jxen.config.DomainConfig.Channel;
import org.jxen.config.DomainConfig.Connector;
import org.jxen.config.DomainConfig.Pci;
import org.jxen.config.DomainConfig.SocketConnection;
import org.jxen.config.DomainConfig.Usbdev;
import org.jxen.config.DomainConfig.Vfb;
import org.jxen.config.DomainConfig.Vkb;
import org.jxen.config.DomainConfig.Vsnd;
import org.jxen.config.DomainConfig.VsndParams;

/**
 * Writes the device lists read by {@link DeviceKeys} and {@link PciSpec} back as xl.cfg specs,
 * every setting spelled out. The vkbs xl adds for framebuffers are left to be added again.
 */
final class DeviceWriter {
    private DeviceWriter() {
    }

    static void write(DomainConfig c, XlConfigWriter out) {
        out.list("pci", XlConfigWriter.emptyAsNull(c.pcidevs()), DeviceWriter::pci);
        out.list("dtdev", XlConfigWriter.emptyAsNull(c.dtdevs()), DomainConfig.Dtdev::path);
        out.list("vfb", XlConfigWriter.emptyAsNull(c.vfbs()), DeviceWriter::vfb);
        out.list("vkb", XlConfigWriter.emptyAsNull(c.vkbs().subList(c.vfbs().size(), c.vkbs().size())), DeviceWriter::vkb);
        out.list("vtpm", XlConfigWriter.emptyAsNull(c.vtpms()), v -> spec("backend", v.backendDomname(), "uuid", v.uuid()));
        out.list("p9", XlConfigWriter.emptyAsNull(c.p9s()), p -> spec("backend", p.backendDomname(), "tag", p.tag(), "path", p.path(),
                "security_model", p.securityModel()));
        out.list("pvcalls", XlConfigWriter.emptyAsNull(c.pvcallsifs()), p -> spec("backend", p.backendDomname()));
        out.list("vdispl", XlConfigWriter.emptyAsNull(c.vdispls()), d -> spec("backend", d.backendDomname(),
                "be-alloc", d.beAlloc() ? "1" : "0", "connectors", connectors(d.connectors())));
        out.nestedList("vsnd", c.vsnds(), DeviceWriter::vsnd);
        out.list("channel", XlConfigWriter.emptyAsNull(c.channels()), DeviceWriter::channel);
        out.list("usbctrl", XlConfigWriter.emptyAsNull(c.usbctrls()), u -> spec("type", name(u.type()), "version", string(u.version()),
                "ports", string(u.ports())));
        out.list("usbdev", XlConfigWriter.emptyAsNull(c.usbdevs()), DeviceWriter::usbdev);
    }

    /**
     * A vdispl's connectors, ID:WIDTHxHEIGHT each. Empty ones (no ID) are what xl leaves after a
     * resolution it could not read: the one before them is written without a resolution, and they
     * as placeholders, which the reader turns back into empty connectors.
     */
    private static String connectors(List<Connector> connectors) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < connectors.size(); i++) {
            Connector k = connectors.get(i);
            boolean emptyAfter = i + 1 < connectors.size() && connectors.get(i + 1).uniqueId() == null;
            items.add(k.uniqueId() == null ? "-:-" : k.uniqueId() + ":" + (emptyAfter ? "-" : Integer.toUnsignedString(k.width()) + "x" + Integer.toUnsignedString(k.height())));
        }
        return String.join(";", items);
    }

    /** A device's PCI_SPEC_STRING; one named by name= alone has no function mask, and no BDF is written. */
    private static String pci(Pci p) {
        String bdf = p.vfuncMask() == 0 ? null : String.format("%04x:%02x:%02x.%s", p.domain(), p.bus(), p.dev(),
                p.vfuncMask() == 0xffff_ffffL ? "*" : String.valueOf(p.func()));
        return spec("bdf", bdf, "vslot", p.vdevfn() == 0 ? null : Integer.toHexString(p.vdevfn() >> 3),
                "permissive", flag(p.permissive()), "msitranslate", flag(p.msitranslate()), "seize", flag(p.seize()),
                "power_mgmt", flag(p.powerMgmt()), "rdm_policy", name(p.rdmPolicy()), "name", p.name());
    }

    private static String vfb(Vfb f) {
        return spec("backend", f.backendDomname(), "vnc", flag(f.vnc().enable()), "vnclisten", f.vnc().listen(),
                "vncpasswd", f.vnc().passwd(), "vncdisplay", string(f.vnc().display()),
                "vncunused", flag(f.vnc().findunused()), "sdl", flag(f.sdl().enable()), "opengl", flag(f.sdl().opengl()),
                "display", f.sdl().display(), "xauthority", f.sdl().xauthority(), "keymap", f.keymap());
    }

    /** A vkb= device; xl.cfg needs its backend type (xl refuses a vkb spec without one). */
    private static String vkb(Vkb k) {
        if (k.backendType() == null) {
            throw new IllegalArgumentException("xl.cfg cannot express vkb " + k.devid() + ": it has no backend type");
        }
        return spec("backend", k.backendDomname(), "backend-type", name(k.backendType()), "unique-id", k.uniqueId(),
                "feature-disable-keyboard", flag(k.featureDisableKeyboard()),
                "feature-disable-pointer", flag(k.featureDisablePointer()),
                "feature-abs-pointer", flag(k.featureAbsPointer()), "feature-raw-pointer", flag(k.featureRawPointer()),
                "feature-multi-touch", flag(k.featureMultiTouch()), "width", String.valueOf(k.width()),
                "height", String.valueOf(k.height()), "multi-touch-width", String.valueOf(k.multiTouchWidth()),
                "multi-touch-height", String.valueOf(k.multiTouchHeight()),
                "multi-touch-num-contacts", String.valueOf(k.multiTouchNumContacts()));
    }

    private static List<String> vsnd(Vsnd card) {
        List<String> items = new ArrayList<>();
        items.add(item("card", spec("backend", card.backendDomname(), "short-name", card.shortName(),
                "long-name", card.longName()), params(card.params())));
        for (DomainConfig.VsndPcm pcm : card.pcms()) {
            items.add(item("pcm", spec("name", pcm.name()), params(pcm.params())));
            for (DomainConfig.VsndStream s : pcm.streams()) {
                items.add(item("stream", spec("unique-id", s.uniqueId(), "type", name(s.type())), params(s.params())));
            }
        }
        return items;
    }

    /** A vsnd item: what it is, then its settings, without an empty word (xl refuses one). */
    private static String item(String kind, String settings, String params) {
        return String.join(",", Stream.of(kind, settings, params).filter(s -> !s.isEmpty()).toList());
    }

    private static String params(VsndParams p) {
        return spec("sample-rates", p.sampleRates() == null ? null
                        : String.join(";", p.sampleRates().stream().map(Integer::toUnsignedString).toList()),
                "sample-formats", p.sampleFormats() == null ? null
                        : String.join(";", p.sampleFormats().stream().map(DomainConfig::jsonName).toList()),
                "channels-min", Integer.toUnsignedString(p.channelsMin()), "channels-max", Integer.toUnsignedString(p.channelsMax()),
                "buffer-size", Integer.toUnsignedString(p.bufferSize()));
    }

    private static String channel(Channel c) {
        return spec("backend", c.backendDomname(), "name", c.name(),
                "connection", c.connection() instanceof SocketConnection ? "socket" : "pty",
                "path", c.connection() instanceof SocketConnection s ? s.path() : null);
    }

    private static String usbdev(Usbdev u) {
        DomainConfig.HostUsbdev host = u.kind() instanceof DomainConfig.HostUsbdev h ? h : null;
        return spec("type", host == null ? null : "hostdev",
                "hostbus", host == null ? null : String.valueOf(host.hostbus()),
                "hostaddr", host == null ? null : String.valueOf(host.hostaddr()),
                "controller", string(u.ctrl()), "port", string(u.port()));
    }

    /** KEY=VALUE pairs joined by commas; pairs whose value is null are left out. */
    private static String spec(String... keysAndValues) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                parts.add(keysAndValues[i] + "=" + keysAndValues[i + 1]);
            }
        }
        return String.join(",", parts);
    }

    private static String flag(Boolean b) {
        return b == null ? null : b ? "1" : "0";
    }

    private static String string(Integer n) {
        return n == null ? null : n.toString();
    }

    private static String name(Enum<?> e) {
        return e == null ? null : DomainConfig.jsonName(e);
    }
}
