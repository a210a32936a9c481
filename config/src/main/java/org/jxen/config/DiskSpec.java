package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DiskBackend;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.config.DomainConfig.DiskSpecification;

/**
 * One disk specification (xl-disk-configuration(5)), read token by token as xl 4.17's disk lexer
 * (libxlu, flex) reads it: at each place the longest of its patterns wins, the first listed on a
 * tie; {@code key=value} parameters, flags, {@code target=} (the rest of the spec, commas and
 * all), the deprecated prefixes ({@code phy:}, {@code qcow2:}, {@code nbd:} ...) wherever they
 * stand, and parameters without a key filling the slots target, format, vdev, access in turn.
 * As xl, a fault does not stop the reading unless xl's lexer stops there: every fault is reported,
 * one line each (measured against the lab's xl, corpus {@code rns-*}, docs/config.md). Unset
 * format is raw; unset access is read-write; a CD-ROM is read-only and removable, and empty
 * without a target.
 */
final class DiskSpec {
    /** The parameters with a value, each up to the next comma (which is taken too). */
    private static final List<String> KEYWORDS = List.of("format", "devtype", "access", "backend", "backendtype",
            "specification", "vdev", "script", "colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk");
    /** The COLO parameters xl reads and jxen does not yet. */
    private static final Set<String> NOT_YET = Set.of("colo-host", "colo-port", "colo-export", "active-disk",
            "hidden-disk");
    private static final List<String> FLAGS = List.of("cdrom", "direct-io-safe", "discard", "no-discard", "colo",
            "no-colo");
    /** A key xl does not know, with the one character of value its pattern takes. */
    private static final Pattern UNKNOWN = Pattern.compile("[a-z][-a-z0-9]*=[^,],?");
    /** Deprecated prefixes that only said how a target used to be reached: dropped. */
    private static final Pattern IGNORED_PREFIX = Pattern.compile("(tapdisk|tap2?|aio|ioemu|file|phy):");
    private static final Pattern FORMAT_PREFIX = Pattern.compile("(raw|qcow2?|vhd):");
    private static final Pattern SCRIPT_PREFIX = Pattern.compile("(iscsi|e?nbd|drbd):");
    /**
     * Any other word and colon, when what follows is not a lower-case letter or a digit (else the
     * word, colon and all, is a parameter without a key, its pattern being longer: "host:1234").
     */
    private static final Pattern UNKNOWN_PREFIX = Pattern.compile("[a-z][a-z0-9]*:(?=$|[^a-z0-9])");
    private static final Pattern POSITIONAL = Pattern.compile("[^=,]*,|[^=,]+,?");
    private static final Pattern BLANKS = Pattern.compile("[ \t\n]+");
    private static final Map<String, DiskFormat> FORMATS = Map.of("", DiskFormat.RAW, "raw", DiskFormat.RAW,
            "qcow", DiskFormat.QCOW, "qcow2", DiskFormat.QCOW2, "vhd", DiskFormat.VHD, "empty", DiskFormat.EMPTY,
            "qed", DiskFormat.QED);
    private static final Map<String, DiskBackend> BACKENDS = Map.of("phy", DiskBackend.PHY, "tap", DiskBackend.TAP,
            "qdisk", DiskBackend.QDISK, "standalone", DiskBackend.STANDALONE);
    private static final Map<String, DiskSpecification> SPECIFICATIONS = Map.of("xen", DiskSpecification.XEN,
            "virtio", DiskSpecification.VIRTIO);

    /** The specification being read (a disk may be given in several, as xl block-attach takes it). */
    private String spec;
    private final Position where;
    private final List<String> faults = new ArrayList<>();
    /** The lexer stopped (xl's {@code return 0}): nothing after is read. */
    private boolean stopped;
    private String target;
    private DiskFormat format;
    private String vdev;
    private boolean writable = true;
    private boolean accessSet;
    private boolean hadPrefix;
    private boolean cdrom;
    private DiskBackend backend;
    private DiskSpecification specification;
    private String backendDomname;
    private String script;
    private boolean directIoSafe;
    private Boolean discard;
    private Boolean colo;

    private DiskSpec(Position where) {
        this.where = where;
    }

    static Disk parse(String spec, Position where) throws ConfigException {
        return parse(List.of(spec), where);
    }

    /**
     * One disk from several specifications read one after the other with what each set kept (as
     * {@code xl block-attach D target=/x vdev=xvdb} gives it); a faulty one ends the reading.
     */
    static Disk parse(List<String> specs, Position where) throws ConfigException {
        DiskSpec d = new DiskSpec(where);
        for (String spec : specs) {
            d.lex(spec);
        }
        return d.disk();
    }

    private void lex(String text) throws ConfigException {
        spec = text;
        stopped = false;
        int at = 0;
        while (at < spec.length() && !stopped) {
            at = token(at);
        }
        if (!faults.isEmpty()) {
            throw new ConfigException(where, String.join("\n" + where + ": ", faults)); // each line placed, as xl's
        }
    }

    private Disk disk() throws ConfigException {
        DiskFormat f = format == null ? DiskFormat.RAW : format;
        boolean empty = target == null || target.isEmpty();
        if (cdrom && empty) {
            f = DiskFormat.EMPTY;
        }
        if (vdev == null) {
            throw new ConfigException(where, message("no vdev specified", null));
        }
        if (target == null && !cdrom) {
            throw new ConfigException(where, message("no target specified (and device not removable)", null));
        }
        boolean rw = !cdrom && writable;
        return new Disk(backendDomname, target, vdev, backend, f, script, cdrom ? 1 : null, rw ? 1 : null,
                cdrom ? 1 : null, directIoSafe, discard, specification, colo, null);
    }

    /** Reads the token at {@code at} (the longest pattern that matches there); where the next one starts. */
    private int token(int at) throws ConfigException {
        String rest = spec.substring(at);
        if (BLANKS.matcher(rest).lookingAt()) { // blanks before a parameter (or at the end) are skipped
            Matcher m = BLANKS.matcher(rest);
            m.lookingAt();
            return at + m.end();
        }
        if (rest.startsWith("target=")) { // takes the rest, commas and all
            save("target", strip(rest).substring("target=".length()));
            return spec.length();
        }
        int keyword = keywordLength(rest);
        int flag = flagLength(rest);
        Matcher unknown = UNKNOWN.matcher(rest);
        int unknownLength = unknown.lookingAt() ? unknown.end() : -1;
        Matcher positional = POSITIONAL.matcher(rest);
        int positionalLength = positional.lookingAt() ? positional.end() : -1;
        if (prefix(rest)) { // a prefix's pattern counts the rest of the spec, so it wins
            return at + rest.indexOf(':') + 1;
        }
        int longest = Math.max(Math.max(keyword, flag), Math.max(unknownLength, positionalLength));
        if (longest <= 0) { // xl's catch-all: the rest is "bad disk syntax", and the lexer stops
            fault("bad disk syntax", rest);
            stopped = true;
            return spec.length();
        }
        String text = rest.substring(0, longest);
        if (keyword == longest) {
            keyword(text);
        } else if (flag == longest) {
            flag(strip(text));
        } else if (unknownLength == longest) {
            fault("unknown parameter", text);
        } else {
            positional(strip(text));
        }
        return at + longest;
    }

    private static int keywordLength(String rest) {
        for (String k : KEYWORDS) {
            if (rest.startsWith(k + "=")) {
                int comma = rest.indexOf(',');
                return comma < 0 ? rest.length() : comma + 1;
            }
        }
        return -1;
    }

    private static int flagLength(String rest) {
        int longest = -1;
        for (String f : FLAGS) {
            if (rest.startsWith(f)) {
                longest = Math.max(longest, rest.startsWith(f + ",") ? f.length() + 1 : f.length());
            }
        }
        return longest;
    }

    private void keyword(String text) throws ConfigException {
        String key = text.substring(0, text.indexOf('='));
        String value = strip(text).substring(key.length() + 1);
        switch (key) {
            case "format" -> setFormat(value);
            case "devtype" -> {
                switch (value) {
                    case "cdrom" -> cdrom = true;
                    case "disk" -> cdrom = false;
                    default -> fault("unknown value for type", text); // xl quotes the parameter, comma and all
                }
            }
            case "access" -> setAccess(value);
            case "backend" -> save("backend", value);
            case "backendtype" -> backend = set("backendtype", "backend", backend, BACKENDS.get(value), value);
            case "specification" -> specification = set("specification", "specification", specification,
                    SPECIFICATIONS.get(value), value);
            case "vdev" -> save("vdev", value);
            case "script" -> save("script", value);
            default -> throw new ConfigException(where, "jxen does not read the disk parameter `" + key
                    + "' (COLO) yet, in `" + spec + "'");
        }
    }

    private void flag(String f) {
        switch (f) {
            case "cdrom" -> cdrom = true;
            case "direct-io-safe" -> directIoSafe = true;
            case "discard" -> discard = true;
            case "no-discard" -> discard = false;
            case "colo" -> colo = true;
            case "no-colo" -> colo = false;
            default -> throw new IllegalArgumentException(f);
        }
    }

    /**
     * A deprecated prefix at the start of {@code rest} (its pattern counts the rest of the spec, so
     * it wins over any other there): a format's name sets the format, a block script's the script,
     * the others are dropped; an unknown one is an error that stops the lexer.
     */
    private boolean prefix(String rest) {
        Matcher m;
        if ((m = FORMAT_PREFIX.matcher(rest)).lookingAt()) {
            setFormat(m.group(1));
        } else if ((m = SCRIPT_PREFIX.matcher(rest)).lookingAt()) {
            save("script", "block-" + m.group(1));
        } else if (!(m = IGNORED_PREFIX.matcher(rest)).lookingAt()) {
            if ((m = UNKNOWN_PREFIX.matcher(rest)).lookingAt()) {
                fault("unknown deprecated disk prefix", m.group());
                stopped = true;
                return true;
            }
            return false;
        }
        hadPrefix = true;
        return true;
    }

    /** A parameter without a key: the next slot not yet set (xl skips them all after a fault). */
    private void positional(String value) {
        if (!faults.isEmpty()) {
            return;
        }
        if (target == null) {
            save("target", value);
        } else if (!hadPrefix && format == null) {
            if (target.isEmpty() && vdevAndDevtype(value)) {
                format = DiskFormat.EMPTY;
            } else {
                setFormat(value);
            }
        } else if (vdev == null) {
            if (!vdevAndDevtype(value)) {
                save("vdev", value);
            }
        } else if (!accessSet) {
            accessSet = true;
            setAccess(value);
        } else {
            fault("too many positional parameters", value);
            stopped = true;
        }
    }

    /** {@code VDEV:cdrom} or {@code VDEV:disk} (the last colon), the deprecated form of devtype=; false without a colon. */
    private boolean vdevAndDevtype(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        save("vdev", value.substring(0, colon));
        switch (value.substring(colon + 1)) {
            case "cdrom" -> cdrom = true;
            case "disk" -> cdrom = false;
            default -> fault("unknown deprecated type", value.substring(colon + 1));
        }
        return true;
    }

    private void setFormat(String value) {
        format = set("format", "format", format, FORMATS.get(value), value);
    }

    /**
     * An enumerated parameter as xl sets one: a value it does not know is "unknown value for ...",
     * another than the one set "... respecified" (the same one again is fine); the new value, or the old.
     */
    private <E extends Enum<E>> E set(String key, String member, E old, E value, String given) {
        if (value == null) {
            fault("unknown value for " + key, given);
            return old;
        }
        if (old != null && old != value) {
            fault(member + " respecified", given);
            return old;
        }
        return value;
    }

    private void setAccess(String value) {
        switch (value) {
            case "r", "ro" -> writable = false;
            case "rw", "w", "" -> writable = true;
            default -> fault("unknown value for access", value);
        }
    }

    /** A string parameter, as xl saves one: set once, though an empty one may be set again. */
    private void save(String what, String value) {
        String old = switch (what) {
            case "target" -> target;
            case "vdev" -> vdev;
            case "backend" -> backendDomname;
            default -> script;
        };
        if (old != null && !old.isEmpty()) {
            fault(what + " respecified", value);
            return;
        }
        switch (what) {
            case "target" -> target = value;
            case "vdev" -> vdev = value;
            case "backend" -> backendDomname = value;
            default -> script = value;
        }
    }

    private static String strip(String text) {
        return text.endsWith(",") ? text.substring(0, text.length() - 1) : text;
    }

    private void fault(String what, String near) {
        faults.add(message(what, near));
    }

    private String message(String what, String near) {
        return "config parsing error in disk specification: " + what + (near == null ? "" : ": near `" + near + "'")
                + " in `" + spec + "'";
    }
}
