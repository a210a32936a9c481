package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DiskBackend;
import org.jxen.config.DomainConfig.DiskFormat;

/**
 * One disk specification (xl-disk-configuration(5)): positional {@code target,format,vdev,access}
 * and/or {@code key=value} parameters, {@code target=} last (the rest of the spec, commas and all),
 * a {@code :cdrom} suffix on the vdev, and the deprecated {@code phy:}/{@code file:} prefixes on the
 * target. Unset format is raw; unset access is read-write; a CD-ROM is read-only and removable, and
 * empty without a target.
 */
final class DiskSpec {
    private static final List<String> PREFIXES = List.of("phy:", "file:", "tap:aio:", "tap2:aio:", "aio:");

    private String target;
    private boolean targetSeen;
    private DiskFormat format;
    private String vdev;
    private Boolean writable;
    private boolean cdrom;
    private DiskBackend backend;
    private String backendDomname;
    private String script;
    private boolean directIoSafe;
    private Boolean discard;

    private DiskSpec() {
    }

    static Disk parse(String spec, Position where) throws ConfigException {
        return new DiskSpec().read(spec, where);
    }

    private Disk read(String spec, Position where) throws ConfigException {
        List<String> positional = new ArrayList<>();
        String rest = spec;
        while (rest != null) {
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
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).chars().allMatch(c -> Character.isLetter(c) || c == '-' || c == '_')) {
                keyValue(p.substring(0, eq), p.substring(eq + 1), spec, where);
            } else if (!flag(p)) {
                positional.add(p);
            }
        }
        positional(positional, spec, where);
        if (vdev == null) {
            throw error(where, "no vdev specified in `" + spec + "'");
        }
        boolean empty = target == null || target.isEmpty();
        DiskFormat f = cdrom && empty ? DiskFormat.EMPTY : format != null ? format : DiskFormat.RAW;
        if (f == DiskFormat.EMPTY && !cdrom) {
            throw error(where, "format=empty is only for a CD-ROM drive, in `" + spec + "'");
        }
        boolean rw = !cdrom && (writable == null || writable);
        return new Disk(backendDomname, targetSeen ? strip(target) : null, vdev, backend, f, script,
                cdrom ? 1 : null, rw ? 1 : null, cdrom ? 1 : null, directIoSafe, discard);
    }

    private void positional(List<String> values, String spec, Position where) throws ConfigException {
        String[] slots = {"target", "format", "vdev", "access"};
        if (values.size() > slots.length) {
            throw error(where, "too many positional parameters in `" + spec + "'");
        }
        // With fewer than four, the format may be left out: target,vdev[,access]
        int formatSkip = values.size() >= 2 && values.size() <= 3 && !isFormat(values.get(1)) ? 1 : 0;
        for (int i = 0; i < values.size(); i++) {
            String slot = slots[i + (i >= 1 ? formatSkip : 0)];
            String v = values.get(i);
            if (v.isEmpty() && !slot.equals("target")) {
                continue;
            }
            keyValue(slot, v, spec, where);
        }
    }

    private static boolean isFormat(String s) {
        return s.isEmpty() || formatOf(s) != null;
    }

    private boolean flag(String p) {
        switch (p) {
            case "discard" -> discard = true;
            case "no-discard" -> discard = false;
            case "direct-io-safe" -> directIoSafe = true;
            case "cdrom" -> cdrom = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private void keyValue(String key, String value, String spec, Position where) throws ConfigException {
        switch (key) {
            case "target" -> {
                target = value;
                targetSeen = true;
            }
            case "format" -> {
                format = formatOf(value);
                if (format == null) {
                    throw error(where, "unknown value for format: near `" + value + "' in `" + spec + "'");
                }
            }
            case "vdev" -> {
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
            case "devtype" -> {
                if (!value.equals("cdrom")) {
                    throw error(where, "unknown value for devtype: near `" + value + "' in `" + spec + "'");
                }
                cdrom = true;
            }
            case "backendtype" -> backend = switch (value) {
                case "phy" -> DiskBackend.PHY;
                case "tap" -> DiskBackend.TAP;
                case "qdisk" -> DiskBackend.QDISK;
                case "standalone" -> DiskBackend.STANDALONE;
                default -> throw error(where, "unknown value for backendtype: near `" + value + "' in `" + spec + "'");
            };
            case "backend" -> backendDomname = value;
            case "script" -> script = value;
            default -> throw error(where, "jxen does not read the disk parameter `" + key + "' yet, in `" + spec + "'");
        }
    }

    private static DiskFormat formatOf(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "raw" -> DiskFormat.RAW;
            case "qcow" -> DiskFormat.QCOW;
            case "qcow2" -> DiskFormat.QCOW2;
            case "vhd" -> DiskFormat.VHD;
            case "qed" -> DiskFormat.QED;
            case "empty" -> DiskFormat.EMPTY;
            default -> null;
        };
    }

    private static String strip(String target) {
        for (String p : PREFIXES) {
            if (target.startsWith(p)) {
                return target.substring(p.length());
            }
        }
        return target;
    }

    private static ConfigException error(Position where, String what) {
        return new ConfigException(where, "config parsing error in disk specification: " + what);
    }
}
