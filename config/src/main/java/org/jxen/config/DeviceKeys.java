package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jxen.config.DomainConfig.Channel;
import org.jxen.config.DomainConfig.Dtdev;
import org.jxen.config.DomainConfig.HostUsbdev;
import org.jxen.config.DomainConfig.P9;
import org.jxen.config.DomainConfig.PtyConnection;
import org.jxen.config.DomainConfig.Pvcallsif;
import org.jxen.config.DomainConfig.SocketConnection;
import org.jxen.config.DomainConfig.Usbctrl;
import org.jxen.config.DomainConfig.UsbctrlType;
import org.jxen.config.DomainConfig.Usbdev;
import org.jxen.config.DomainConfig.Vfb;
import org.jxen.config.DomainConfig.Vkb;
import org.jxen.config.DomainConfig.VkbBackend;
import org.jxen.config.DomainConfig.Vtpm;

/**
 * The device lists of xl.cfg(5) besides disks, vifs, PCI, vdispl and vsnd: vfb, vkb, vtpm, p9,
 * pvcalls, channel, usbctrl, usbdev and dtdev. Each spec is a comma-separated list of KEY=VALUE,
 * read word by word as xl's loop for that list reads it (blanks, unknown keys and faults each
 * handled its own way); a device's devid is its place in its list.
 */
final class DeviceKeys {
    private final XlValues values;
    private final XlConfig config;

    DeviceKeys(XlValues values) {
        this.values = values;
        this.config = values.config();
    }

    /** One KEY=VALUE spec of the device list {@code key}, with where it is for errors. */
    private record Spec(Map<String, String> settings, Position where) {
        Optional<String> get(String key) {
            return Optional.ofNullable(settings.get(key));
        }

        String backend() {
            return settings.get("backend");
        }

        /** A number xl reads with C's atoi: the leading decimal digits, 0 without any, a long's low 32 bits. */
        Integer integer(String key) {
            String v = settings.get(key);
            return v == null ? null : CNumbers.atoi(v);
        }

        /**
         * A number xl reads with {@code strtoul(value, NULL, 0)} into a 32-bit field: hexadecimal
         * after 0x, octal after 0, its low 32 bits ("-1" is 4294967295); 0 when not given.
         */
        int unsigned32(String key) {
            String v = settings.get(key);
            return v == null ? 0 : (int) CNumbers.strtoul(v, 0);
        }

        /** A bool xl sets from {@code strtoul(value, NULL, 0)}: any number but 0 ("4294967296" too). */
        boolean strtoulFlag(String key) {
            String v = settings.get(key);
            return v != null && CNumbers.strtoul(v, 0) != 0;
        }

        ConfigException error(String message) {
            return new ConfigException(where, message);
        }
    }

    /**
     * vfb=: framebuffers; each also gets a vkb, numbered before the vkb= devices. xl reads a spec as
     * vtpm's (up to a word without {@code =}) and ignores the keys it does not know, backend= among
     * them (measured), so a vfb's backend is dom0.
     */
    List<Vfb> vfbs() throws ConfigException {
        List<Vfb> vfbs = new ArrayList<>();
        for (Item item : items("vfb")) {
            Spec s = item.known(List.of("vnc", "vnclisten", "vncdisplay", "vncunused", "vncpasswd", "keymap", "sdl",
                    "opengl", "display", "xauthority"));
            vfbs.add(new Vfb(null, vfbs.size(),
                    new DomainConfig.Vnc(bool(s, "vnc"), s.settings().get("vnclisten"), s.settings().get("vncpasswd"),
                            unsetIfZero(s.integer("vncdisplay")), bool(s, "vncunused")),
                    new DomainConfig.Sdl(bool(s, "sdl"), bool(s, "opengl"), s.settings().get("display"),
                            s.settings().get("xauthority")),
                    s.settings().get("keymap")));
        }
        return vfbs;
    }

    private static Boolean bool(Spec s, String key) throws ConfigException {
        Integer v = s.integer(key);
        return v == null ? null : v != 0;
    }

    /** A plain vkb, as xl adds one for every framebuffer. */
    static Vkb keyboardFor(int devid) {
        return new Vkb(null, devid, null, null, false, false, false, false, false, 0, 0, 0, 0, 0);
    }

    /**
     * vkb=: virtual keyboards and pointers, numbered from {@code firstDevid}. As xl does, each spec
     * is read and checked whole before the next: its options in order, then the backend type it
     * must have and the sizes multi-touch needs.
     */
    List<Vkb> vkbs(int firstDevid) throws ConfigException {
        return optionDevices("vkb", word -> "Unknown string \"" + word + "\" in vkb spec", (key, value, where) -> {
            if (key.equals("backend-type") && vkbBackend(value) == null) {
                throw new ConfigException(where, "Unknown backend_type \"" + value + "\" in vkb spec (qemu or linux)");
            }
        }, (s, index) -> {
            VkbBackend type = vkbBackend(s.get("backend-type").orElseThrow(
                    () -> s.error("backend-type should be set in vkb spec")));
            int mtWidth = s.unsigned32("multi-touch-width");
            int mtHeight = s.unsigned32("multi-touch-height");
            int mtContacts = s.unsigned32("multi-touch-num-contacts");
            boolean multiTouchSized = mtWidth != 0 || mtHeight != 0 || mtContacts != 0;
            if (s.strtoulFlag("feature-multi-touch") && !multiTouchSized) {
                throw s.error("multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for "
                        + "multi touch in vkb spec");
            }
            return new Vkb(s.backend(), firstDevid + index, type, s.settings().get("unique-id"),
                    s.strtoulFlag("feature-disable-keyboard"), s.strtoulFlag("feature-disable-pointer"),
                    s.strtoulFlag("feature-abs-pointer"), s.strtoulFlag("feature-raw-pointer"),
                    multiTouchSized, // xl turns multi-touch on for any of its sizes
                    s.unsigned32("width"), s.unsigned32("height"), mtWidth, mtHeight, mtContacts);
        }, "backend", "backend-type", "unique-id", "feature-disable-keyboard", "feature-disable-pointer",
                "feature-abs-pointer", "feature-raw-pointer", "feature-multi-touch", "width", "height",
                "multi-touch-width", "multi-touch-height", "multi-touch-num-contacts");
    }

    /** The vkb backend {@code name} names, ignoring case as libxl does, or null. */
    private static VkbBackend vkbBackend(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "qemu" -> VkbBackend.QEMU;
            case "linux" -> VkbBackend.LINUX;
            default -> null;
        };
    }

    /** 0 is libxl's default for a number, which its JSON leaves out. */
    private static Integer unsetIfZero(Integer n) {
        return n == null || n == 0 ? null : n;
    }

    /** vtpm=: a backend (the vTPM domain) and the vTPM's UUID. */
    List<Vtpm> vtpms() throws ConfigException {
        List<Vtpm> vtpms = new ArrayList<>();
        for (Item item : items("vtpm")) {
            String backend = null;
            String uuid = null;
            for (Map.Entry<String, String> setting : item.settings()) { // each checked where xl meets it
                switch (setting.getKey()) {
                    case "backend" -> backend = setting.getValue();
                    case "uuid" -> {
                        uuid = setting.getValue();
                        if (!uuid.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                            throw item.error("Failed to parse vtpm UUID: " + uuid);
                        }
                    }
                    default -> throw item.error("Unknown string `" + setting.getKey() + "' in vtpm spec");
                }
            }
            if (backend == null) {
                throw item.error("vtpm spec missing required backend field!");
            }
            vtpms.add(new Vtpm(backend, vtpms.size(), uuid == null ? null : uuid.toLowerCase(Locale.ROOT)));
        }
        return vtpms;
    }

    /**
     * p9=: 9pfs shares; a tag, a path and a security model are needed. As in xl (measured), a
     * share keeps every setting of the shares before it that it does not set itself, and each share
     * is checked before the next is read.
     */
    List<P9> p9s() throws ConfigException {
        List<P9> p9s = new ArrayList<>();
        Map<String, String> carried = new HashMap<>();
        for (Item item : items("p9")) {
            for (Map.Entry<String, String> setting : item.settings()) {
                if (!List.of("backend", "tag", "path", "security_model").contains(setting.getKey())) {
                    throw item.error("Unknown string `" + setting.getKey() + "' in 9pfs spec");
                }
                carried.put(setting.getKey(), setting.getValue());
            }
            if (!carried.keySet().containsAll(List.of("tag", "path", "security_model"))) {
                throw item.error("9pfs spec missing required field!");
            }
            p9s.add(new P9(carried.get("backend"), carried.get("tag"), carried.get("path"), carried.get("security_model"),
                    null));
        }
        return p9s;
    }

    /** strtok's words of {@code text} at commas: the non-empty ones, in order. */
    static List<String> words(String text) {
        return Arrays.stream(text.split(",")).filter(w -> !w.isEmpty()).toList();
    }

    /** A word without the spaces xl's loops skip before it (spaces only: a tab stays); vif's loop too. */
    static String unspaced(String word) {
        return word.replaceFirst("^ +", "");
    }

    /** A check of one option where xl meets it. */
    private interface OptionCheck {
        void check(String key, String value, Position where) throws ConfigException;
    }

    /** The device one spec makes, {@code index} its place in the list. */
    private interface DeviceMaker<T> {
        T make(Spec spec, int index) throws ConfigException;
    }

    /**
     * The devices of list {@code key} as xl's option loops read them (vkb, usbctrl, usbdev): each
     * spec's words without their leading spaces, each {@code KEY=VALUE} for one of {@code allowed}
     * (the value as written, the last of a key counting), checked by {@code check} in order; any
     * other word refused in {@code unknownWord}'s words. Each spec becomes its device before the
     * next is read, so of two faults xl's is named.
     */
    private <T> List<T> optionDevices(String key, Function<String, String> unknownWord, OptionCheck check, DeviceMaker<T> make,
                                      String... allowed) throws ConfigException {
        List<T> devices = new ArrayList<>();
        Optional<List<String>> list = values.list(key);
        if (list.isEmpty()) {
            return devices;
        }
        Position where = config.get(key).orElseThrow().position();
        for (String text : list.get()) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String word : words(text)) {
                String option = unspaced(word);
                String name = Arrays.stream(allowed).filter(a -> option.startsWith(a + "=")).findFirst()
                        .orElseThrow(() -> new ConfigException(where, unknownWord.apply(option)));
                String value = option.substring(name.length() + 1);
                check.check(name, value, where);
                settings.put(name, value);
            }
            devices.add(make.make(new Spec(settings, where), devices.size()));
        }
        return devices;
    }

    /**
     * One item of a device list as xl's strtok loop reads vtpm=, p9=, pvcalls= and vfb=: its KEY=VALUE
     * settings in order, up to the first word without {@code =} (xl stops reading the item there).
     */
    private record Item(List<Map.Entry<String, String>> settings, Position where) {
        ConfigException error(String message) {
            return new ConfigException(where, message);
        }

        /** The settings of {@code keys}, the last of each counting; the others ignored. */
        Spec known(List<String> keys) {
            Map<String, String> known = new LinkedHashMap<>();
            settings.stream().filter(e -> keys.contains(e.getKey())).forEach(e -> known.put(e.getKey(), e.getValue()));
            return new Spec(known, where);
        }
    }

    /**
     * The items of list {@code key}: strtok's words (empty ones skipped), each without the spaces
     * before it (only spaces: a tab stays part of the key) and with its value as written, blanks
     * after it included, as xl copies it.
     */
    private List<Item> items(String key) {
        List<Item> items = new ArrayList<>();
        Optional<List<String>> list = values.list(key);
        if (list.isPresent()) {
            Position where = config.get(key).orElseThrow().position();
            for (String text : list.get()) {
                List<Map.Entry<String, String>> settings = new ArrayList<>();
                for (String word : words(text)) {
                    String setting = unspaced(word);
                    int eq = setting.indexOf('=');
                    if (eq < 0) {
                        break;
                    }
                    settings.add(Map.entry(setting.substring(0, eq), setting.substring(eq + 1)));
                }
                items.add(new Item(settings, where));
            }
        }
        return items;
    }

    /** pvcalls=: PV calls interfaces; a backend is all a spec may name, the last one counts. */
    List<Pvcallsif> pvcallsifs() throws ConfigException {
        List<Pvcallsif> ifs = new ArrayList<>();
        for (Item item : items("pvcalls")) {
            String backend = null;
            for (Map.Entry<String, String> setting : item.settings()) {
                if (!setting.getKey().equals("backend")) {
                    throw item.error("Unknown string `" + setting.getKey() + "' in pvcalls spec");
                }
                backend = setting.getValue();
            }
            ifs.add(new Pvcallsif(backend, ifs.size()));
        }
        return ifs;
    }

    /**
     * channel=: KEY=VALUE words (each split at {@code =} by strtok, so a value ends at the next
     * {@code =}, and trimmed), a connection checked where it comes, an unknown key warned about;
     * a socket connection needs a path (xl does not insist on the name xl.cfg(5) calls mandatory).
     */
    List<Channel> channels() throws ConfigException {
        List<Channel> channels = new ArrayList<>();
        Optional<List<String>> list = values.list("channel");
        if (list.isEmpty()) {
            return channels;
        }
        Position where = config.get("channel").orElseThrow().position();
        for (String text : list.get()) {
            Map<String, String> settings = new HashMap<>();
            for (String word : words(text)) {
                List<String> pair = Arrays.stream(word.split("=")).filter(p -> !p.isEmpty()).limit(2).toList();
                if (pair.size() < 2) {
                    throw new ConfigException(where, "failed to parse channel configuration: " + word);
                }
                String key = pair.get(0).strip();
                String value = pair.get(1).strip();
                switch (key) {
                    case "backend", "name", "path" -> settings.put(key, value);
                    case "connection" -> {
                        if (!value.equals("pty") && !value.equals("socket")) {
                            throw new ConfigException(where, "unknown channel connection '" + value + "' (pty or socket)");
                        }
                        settings.put(key, value);
                    }
                    default -> values.warn("channel", "unknown channel parameter '" + key + "', ignoring");
                }
            }
            String connection = settings.get("connection");
            if (connection == null) {
                throw new ConfigException(where, "channel has unknown 'connection'");
            }
            if (connection.equals("socket") && !settings.containsKey("path")) {
                throw new ConfigException(where, "channel connection 'socket' requires path=..");
            }
            channels.add(new Channel(settings.get("backend"), channels.size(), settings.get("name"),
                    connection.equals("pty") ? new PtyConnection() : new SocketConnection(settings.get("path"))));
        }
        return channels;
    }

    /** usbctrl=: USB controllers by type, version and number of ports; a type is checked where it comes. */
    List<Usbctrl> usbctrls() throws ConfigException {
        return optionDevices("usbctrl", word -> "Unknown string `" + word + "' in usbctrl spec", (key, value, where) -> {
            if (key.equals("type") && !USBCTRL_TYPES.contains(value.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(where, "Invalid usb controller type '" + value + "' (auto, pv, qusb or devicemodel)");
            }
        }, (s, index) -> {
            UsbctrlType type = s.get("type").isEmpty() ? null : switch (s.get("type").get().toLowerCase(Locale.ROOT)) {
                case "pv" -> UsbctrlType.PV;
                case "qusb" -> UsbctrlType.QUSB;
                case "devicemodel" -> UsbctrlType.DEVICEMODEL;
                default -> null; // auto
            };
            return new Usbctrl(type, index, unsetIfZero(s.integer("version")), unsetIfZero(s.integer("ports")), null);
        }, "type", "version", "ports");
    }

    private static final List<String> USBCTRL_TYPES = List.of("auto", "pv", "qusb", "devicemodel");

    /** usbdev=: host USB devices; bus and address count only with type=hostdev. */
    List<Usbdev> usbdevs() throws ConfigException {
        return optionDevices("usbdev", word -> "Unknown string `" + word + "' in usbdev spec", (key, value, where) -> {
            if (key.equals("type") && !value.equalsIgnoreCase("hostdev")) {
                // xl's words, (null) and all: it prints the wrong variable
                throw new ConfigException(where, "Invalid usb device type: (null)");
            }
        }, (s, index) -> new Usbdev(s.integer("controller"), unsetIfZero(s.integer("port")), s.get("type").isPresent()
                ? new HostUsbdev(s.unsigned32("hostbus") & 0xff, s.unsigned32("hostaddr") & 0xff) // libxl's uint8s
                : null), "type", "hostbus", "hostaddr", "controller", "port");
    }

    /** dtdev=: device-tree paths. */
    List<Dtdev> dtdevs() {
        return values.list("dtdev").orElse(List.of()).stream().map(Dtdev::new).toList();
    }
}
