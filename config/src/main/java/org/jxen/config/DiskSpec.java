package org.jxen.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DiskBackend;
import org.jxen.config.DomainConfig.DiskFormat;

/**
 * One disk specification (xl-disk-configuration(5)): positional {@code target,format,vdev,access}
 * and/or {@code key=value} parameters, {@code target=} last (the rest of the spec, commas and all),
 * a {@code :cdrom} suffix on the vdev, and the deprecated prefixes on a positional target
 * ({@code phy:}, {@code tap:qcow2:}, {@code nbd:} ...), read as xl's lexer reads them (measured,
 * docs/config.md). Unset format is raw; unset access is read-write; a CD-ROM is read-only and removable, and
 * empty without a target.
 */
final class DiskSpec {
    /** A parameter's key, as xl's lexer knows one. */
    private static final Pattern KEY = Pattern.compile("[a-z][-a-z0-9]*");
    /** The keys xl reads; the COLO ones jxen does not read yet. */
    private static final Set<String> KEYS = Set.of("target", "format", "vdev", "access", "devtype", "backendtype",
            "backend", "script");
    private static final Set<String> NOT_YET = Set.of("colo-host", "colo-port", "colo-export", "active-disk",
            "hidden-disk");
    /** Deprecated prefixes of a positional target that only say how it used to be reached: dropped. */
    private static final List<String> IGNORED_PREFIXES = List.of("tapdisk:", "tap2:", "tap:", "aio:", "ioemu:", "file:",
            "phy:");
    /** What any other deprecated prefix would look like (measured: "foo:/x" is refused, "foo:x" is a path). */
    private static final Pattern UNKNOWN_PREFIX = Pattern.compile("[a-z][a-z0-9]*:/");
    /** Deprecated prefixes of a positional target that name a block script: {@code block-NAME}. */
    private static final List<String> SCRIPT_PREFIXES = List.of("iscsi:", "nbd:", "enbd:", "drbd:");

    private String target;
    private boolean targetSeen;
    private DiskFormat format;
    private String vdev;
    private Boolean writable;
    private boolean hadPrefix;
    private boolean accessSeen;
    /** The parameter being read, as xl quotes it in some errors (with the comma after it). */
    private String token;
    private boolean cdrom;
    private DiskBackend backend;
    private String backendDomname;
    private String script;
    private boolean directIoSafe;
    private Boolean discard;
    private boolean colo;

    private DiskSpec() {
    }

    static Disk parse(String spec, Position where) throws ConfigException {
        return new DiskSpec().read(spec, where);
    }

    private Disk read(String spec, Position where) throws ConfigException {
        String rest = spec;
        while (rest != null) {
            int offset = spec.length() - rest.length();
            String part;
            String trimmed = rest.stripLeading();
            if (trimmed.startsWith("target=")) {
                part = trimmed;
                rest = null;
            } else {
                int comma = rest.indexOf(',');
                part = comma < 0 ? rest : rest.substring(0, comma);
                rest = comma < 0 ? null : rest.substring(comma + 1);
            }
            String p = part.stripLeading(); // blanks after a value are part of it ("xvda " is a vdev, measured)
            int eq = p.indexOf('=');
            // a key xl's lexer knows, or an unknown one with a value (xl needs a character after its '=')
            boolean known = eq >= 0 && (KEYS.contains(p.substring(0, eq)) || NOT_YET.contains(p.substring(0, eq)));
            if (eq >= 0 && !known && !(KEY.matcher(p.substring(0, eq)).matches() && eq + 1 < p.length())) {
                // xl reads up to the '=' as a positional parameter, and cannot go on from there
                throw error(where, "bad disk syntax: near `" + spec.substring(offset + part.indexOf('=')) + "' in `"
                        + spec + "'");
            }
            token = p + (rest != null ? "," : "");
            if (eq >= 0) {
                keyValue(p.substring(0, eq), p.substring(eq + 1), spec, where);
            } else if (!flag(p)) {
                positional(p, spec, where);
            }
        }
        if (vdev == null || vdev.isEmpty()) {
            throw error(where, "no vdev specified in `" + spec + "'");
        }
        if (!targetSeen && !cdrom) {
            throw error(where, "no target specified (and device not removable) in `" + spec + "'");
        }
        boolean empty = target == null || target.isEmpty();
        DiskFormat f = cdrom && empty ? DiskFormat.EMPTY : format != null ? format : DiskFormat.RAW;
        if (f == DiskFormat.EMPTY && !cdrom) {
            throw error(where, "format=empty is only for a CD-ROM drive, in `" + spec + "'");
        }
        boolean rw = !cdrom && (writable == null || writable);
        return new Disk(backendDomname, targetSeen ? target : null, vdev, backend, f, script,
                cdrom ? 1 : null, rw ? 1 : null, cdrom ? 1 : null, directIoSafe, discard, colo ? Boolean.TRUE : null, null);
    }

    /**
     * A parameter without a key fills the next slot not yet set, in the order target, format, vdev,
     * access. A target with a deprecated prefix has no format slot after it (the prefix names it,
     * or the disk is raw), and after an empty target a CD-ROM's vdev also says it is empty.
     */
    private void positional(String value, String spec, Position where) throws ConfigException {
        if (!targetSeen) {
            keyValue("target", withoutPrefixes(value, spec, where), spec, where);
        } else if (!hadPrefix && format == null) {
            if (target.isEmpty() && value.endsWith(":cdrom")) {
                keyValue("vdev", value, spec, where);
                format = DiskFormat.EMPTY;
            } else {
                keyValue("format", value.isEmpty() ? "raw" : value, spec, where); // an empty slot is the default
            }
        } else if (vdev == null) {
            keyValue("vdev", value, spec, where);
        } else if (!accessSeen) {
            accessSeen = true;
            if (!value.isEmpty()) {
                keyValue("access", value, spec, where);
            }
        } else {
            throw error(where, "too many positional parameters in `" + spec + "'");
        }
    }

    private boolean flag(String p) {
        switch (p) {
            case "discard" -> discard = true;
            case "no-discard" -> discard = false;
            case "direct-io-safe" -> directIoSafe = true;
            case "cdrom" -> cdrom = true;
            case "colo" -> colo = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private void keyValue(String key, String value, String spec, Position where) throws ConfigException {
        switch (key) {
            case "target" -> {
                if (targetSeen) { // a word xl does not know (trusted, ...) took the target's slot before target=
                    throw error(where, "target respecified: near `" + value + "' in `" + spec + "'");
                }
                target = value;
                targetSeen = true;
            }
            case "format" -> {
                if (format != null) {
                    throw error(where, "format respecified: near `" + value + "' in `" + spec + "'");
                }
                format = formatOf(value);
                if (format == null) {
                    throw error(where, "unknown value for format: near `" + value + "' in `" + spec + "'");
                }
            }
            case "vdev" -> {
                if (vdev != null) {
                    throw error(where, "vdev respecified: near `" + value + "' in `" + spec + "'");
                }
                if (value.endsWith(":cdrom")) {
                    cdrom = true;
                    value = value.substring(0, value.length() - ":cdrom".length());
                }
                vdev = value;
            }
            case "access" -> writable = switch (value) {
                case "r", "ro" -> false;
                case "w", "rw" -> true;
                default -> throw error(where, "unknown value for access: near `" + value + "' in `" + spec + "'");
            };
            case "devtype" -> cdrom = switch (value) {
                case "cdrom" -> true;
                case "disk" -> false;
                default -> throw error(where, "unknown value for type: near `" + token + "' in `" + spec + "'");
            };
            case "backendtype" -> {
                if (backend != null) {
                    throw error(where, "backend respecified: near `" + value + "' in `" + spec + "'");
                }
                backend = switch (value) {
                    case "phy" -> DiskBackend.PHY;
                    case "tap" -> DiskBackend.TAP;
                    case "qdisk" -> DiskBackend.QDISK;
                    case "standalone" -> DiskBackend.STANDALONE;
                    default -> throw error(where, "unknown value for backendtype: near `" + value + "' in `" + spec + "'");
                };
            }
            case "backend" -> backendDomname = value;
            case "script" -> {
                if (script != null) {
                    throw error(where, "script respecified: near `" + value + "' in `" + spec + "'");
                }
                script = value;
            }
            default -> throw NOT_YET.contains(key)
                    ? error(where, "jxen does not read the disk parameter `" + key + "' (COLO) yet, in `" + spec + "'")
                    : error(where, "unknown parameter: near `" + key + "=" + value.substring(0, Math.min(1, value.length()))
                    + "' in `" + spec + "'"); // xl quotes the key and the value's first character (measured)
        }
    }

    private static DiskFormat formatOf(String s) {
        return switch (s) {
            case "raw" -> DiskFormat.RAW;
            case "qcow" -> DiskFormat.QCOW;
            case "qcow2" -> DiskFormat.QCOW2;
            case "vhd" -> DiskFormat.VHD;
            case "qed" -> DiskFormat.QED;
            case "empty" -> DiskFormat.EMPTY;
            default -> null;
        };
    }

    /**
     * A positional target without its deprecated prefixes, as many as it has ("tap:tapdisk:qcow2:"):
     * a format's name sets the format, a block script's name the script (target= takes its value
     * as it is: measured). Another lower-case word before ":/" is an unknown prefix, an error.
     */
    private String withoutPrefixes(String target, String spec, Position where) throws ConfigException {
        String t = target;
        while (true) {
            int colon = t.indexOf(':');
            String prefix = colon < 0 ? "" : t.substring(0, colon + 1);
            DiskFormat named = colon < 0 ? null : formatOf(t.substring(0, colon));
            if (named != null && named != DiskFormat.EMPTY && named != DiskFormat.QED) {
                format = named;
            } else if (SCRIPT_PREFIXES.contains(prefix)) {
                script = "block-" + t.substring(0, colon);
            } else if (!IGNORED_PREFIXES.contains(prefix)) {
                if (UNKNOWN_PREFIX.matcher(t).lookingAt()) {
                    throw error(where, "unknown deprecated disk prefix: near `" + prefix + "' in `" + spec + "'");
                }
                return t;
            }
            hadPrefix = true;
            t = t.substring(colon + 1);
        }
    }

    private static ConfigException error(Position where, String what) {
        return new ConfigException(where, "config parsing error in disk specification: " + what);
    }
}
