package org.jxen.daemon.xapi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.sim.disk.DiskImage;
import org.jxen.hv.sim.disk.DiskImageException;
import org.jxen.hv.sim.disk.DiskImages;

/**
 * SRs that are directories of the host ({@link SrCalls} makes them; the PBD's
 * {@code device_config:location} names the directory). A {@code file} SR, such as the local one jxend
 * makes: each VDI is an image file in it, raw (sparse) or qcow2 (made by {@code qemu-img} from
 * Debian's qemu-utils), chosen by {@code sm_config:image-format}; the size a guest sees is the VDI's
 * {@code virtual_size}, which is the image's. An {@code iso} SR: a library of CD images, read only,
 * each {@code .iso} file a VDI. A scan makes a VDI of each image file no VDI names yet.
 */
public final class Storage {
    static final String IMAGE_FORMAT = "image-format";
    static final String ISO = "iso";
    private static final Logger LOG = Logger.getLogger(Storage.class.getName());
    /** Image files a file SR's scan takes as disks. */
    private static final Pattern DISK_IMAGE = Pattern.compile(".*\\.(raw|img|qcow2)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CD_IMAGE = Pattern.compile(".*\\.iso", Pattern.CASE_INSENSITIVE);
    /** What may be done with a disk (a CD image in a library: nothing). */
    private static final List<String> DISK_OPERATIONS = List.of("clone", "copy", "resize", "destroy", "snapshot");

    private final ObjectStore store;
    /** Images being made, copied or removed, a VDI's only before or after: a scan leaves them alone. */
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

    Storage(ObjectStore store) {
        this.store = store;
    }

    /** The SR's directory: its PBD's {@code device_config:location}. */
    Path dir(String sr) throws XenApiFailure {
        for (Object pbd : (List<?>) store.field("SR", sr, "PBDs")) {
            if (store.field("PBD", (String) pbd, "device_config") instanceof Map<?, ?> config
                    && config.get("location") instanceof String location) {
                return Path.of(location);
            }
        }
        throw XenApiFailure.of(ErrorCodes.SR_NO_PBDS, sr);
    }

    boolean isIso(String sr) throws XenApiFailure {
        return ISO.equals(store.field("SR", sr, "type"));
    }

    /** {@code SR_OPERATION_NOT_SUPPORTED} for a change to an ISO library's images, which jxend only reads. */
    private void requireDisks(String sr) throws XenApiFailure {
        if (isIso(sr)) {
            throw XenApiFailure.of(ErrorCodes.SR_OPERATION_NOT_SUPPORTED, sr);
        }
    }

    /** Whether a PBD of {@code sr} is plugged in: what XAPI's storage calls and VM starts need. */
    static boolean plugged(ObjectStore store, String sr) throws XenApiFailure {
        for (Object pbd : (List<?>) store.field("SR", sr, "PBDs")) {
            if (Boolean.TRUE.equals(store.field("PBD", (String) pbd, "currently_attached"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code SR_NO_PBDS} unless {@code sr} is {@link #plugged}, as XAPI's sm.ml asks before every SR and VDI operation. */
    void requirePlugged(String sr) throws XenApiFailure {
        if (!plugged(store, sr)) {
            throw XenApiFailure.of(ErrorCodes.SR_NO_PBDS, sr);
        }
    }

    /** {@code VM_REQUIRES_SR} unless {@code sr}, where {@code vm} has a disk or its memory, is {@link #plugged}. */
    static void requireForVm(ObjectStore store, String vm, String sr) throws XenApiFailure {
        if (!plugged(store, sr)) {
            throw XenApiFailure.of(ErrorCodes.VM_REQUIRES_SR, vm, sr);
        }
    }

    /**
     * The format of a VDI's image: its {@code sm_config:image-format} (the file SR makes raw and qcow2
     * images; a disk an xl.cfg brings in may be any of libxl's formats), else qcow2 by the file's
     * extension, else raw.
     */
    public static DiskFormat format(Map<String, Object> vdi) {
        if (vdi.get("sm_config") instanceof Map<?, ?> sm && sm.get(IMAGE_FORMAT) instanceof String named) {
            for (DiskFormat f : DiskFormat.values()) {
                if (f != DiskFormat.EMPTY && DomainConfig.jsonName(f).equals(named)) {
                    return f;
                }
            }
        }
        return String.valueOf(vdi.get("location")).endsWith(".qcow2") ? DiskFormat.QCOW2 : DiskFormat.RAW;
    }

    /** Makes the image and the VDI for {@code fields} (a coerced VDI record). */
    String create(Map<String, Object> fields) throws XenApiFailure {
        long size = (Long) fields.get("virtual_size");
        if (size <= 0) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "virtual_size", size);
        }
        String sr = (String) fields.get("SR");
        requirePlugged(sr);
        requireDisks(sr);
        checkSpace(sr, size);
        String format = imageFormat(fields);
        String uuid = UUID.randomUUID().toString();
        Path image = dir(sr).resolve(uuid + "." + format);
        inFlight.add(image);
        try {
            make(image, format, size);
            Map<String, Object> vdi = new LinkedHashMap<>(fields);
            vdi.put("uuid", uuid);
            vdi.put("location", image.toString());
            vdi.put("physical_utilisation", allocated(image));
            vdi.put("managed", true);
            vdi.put("allowed_operations", DISK_OPERATIONS);
            String ref = store.create("VDI", vdi);
            refreshSr(sr);
            return ref;
        } catch (XenApiFailure | RuntimeException e) {
            delete(image);
            throw e;
        } finally {
            inFlight.remove(image);
        }
    }

    /** A copy of {@code vdi}'s image as a new VDI with {@code changes} to its record. */
    String copy(String vdi, Map<String, Object> changes) throws XenApiFailure {
        Map<String, Object> from = store.record("VDI", vdi);
        requirePlugged((String) from.get("SR"));
        String sr = changes.get("SR") instanceof String to ? to : (String) from.get("SR");
        requirePlugged(sr);
        requireDisks(sr);
        Path source = Path.of((String) from.get("location"));
        String uuid = UUID.randomUUID().toString();
        String name = source.getFileName().toString();
        Path target = dir(sr).resolve(uuid + (isIso((String) from.get("SR")) ? ".raw"
                : name.substring(name.lastIndexOf('.'))));
        checkSpace(sr, (Long) from.get("virtual_size"));
        inFlight.add(target);
        try {
            return copied(from, target, uuid, changes);
        } finally {
            inFlight.remove(target);
        }
    }

    private String copied(Map<String, Object> from, Path target, String uuid, Map<String, Object> changes)
            throws XenApiFailure {
        copySparse(Path.of((String) from.get("location")), target);
        Map<String, Object> record = new LinkedHashMap<>();
        for (String field : List.of("name_label", "name_description", "SR", "virtual_size", "type", "sharable",
                "read_only", "other_config", "sm_config", "xenstore_data", "tags", "managed", "allowed_operations")) {
            record.put(field, from.get(field));
        }
        record.putAll(changes);
        if (isIso((String) from.get("SR"))) { // a CD image copied onto a disk SR is a disk of its own
            record.put("read_only", false);
            record.put("allowed_operations", DISK_OPERATIONS);
        }
        record.put("uuid", uuid);
        record.put("location", target.toString());
        record.put("physical_utilisation", allocated(target));
        try {
            String ref = store.create("VDI", record);
            refreshSr((String) record.get("SR"));
            return ref;
        } catch (XenApiFailure | RuntimeException e) {
            delete(target);
            throw e;
        }
    }

    void destroy(String vdi) throws XenApiFailure {
        Map<String, Object> r = store.record("VDI", vdi);
        requirePlugged((String) r.get("SR"));
        requireDisks((String) r.get("SR"));
        // an image brought in from elsewhere is forgotten, not deleted
        remove(vdi, r, "destroy", Boolean.TRUE.equals(r.get("managed")));
    }

    /** XAPI's {@code VDI.forget}: the VDI goes, its image stays (a scan of its SR brings it back). */
    void forget(String vdi) throws XenApiFailure {
        remove(vdi, store.record("VDI", vdi), "forget", false);
    }

    /** The VDI gone from the store and from its VBDs (they become empty drives), its image too if asked. */
    private void remove(String vdi, Map<String, Object> r, String operation, boolean deleteImage) throws XenApiFailure {
        for (Object vbd : (List<?>) r.get("VBDs")) {
            if (Boolean.TRUE.equals(store.field("VBD", (String) vbd, "currently_attached"))) {
                throw XenApiFailure.of(ErrorCodes.VDI_IN_USE, vdi, operation);
            }
        }
        for (Object vbd : (List<?>) r.get("VBDs")) {
            store.set("VBD", (String) vbd, Map.of("VDI", "OpaqueRef:NULL", "empty", true));
        }
        Path image = Path.of((String) r.get("location"));
        inFlight.add(image);
        try {
            store.destroy("VDI", vdi);
            if (deleteImage) {
                delete(image);
            }
        } finally {
            inFlight.remove(image);
        }
        if (plugged(store, (String) r.get("SR"))) {
            refreshSr((String) r.get("SR"));
        }
    }

    /** Grows the image to {@code size} bytes; XAPI's SRs do not shrink disks. */
    void resize(String vdi, long size) throws XenApiFailure {
        Map<String, Object> r = store.record("VDI", vdi);
        requirePlugged((String) r.get("SR"));
        requireDisks((String) r.get("SR"));
        long now = (Long) r.get("virtual_size");
        if (size < now) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "virtual_size", size,
                    "a disk can only grow: it has " + now + " bytes");
        }
        checkSpace((String) r.get("SR"), size - now);
        Path image = Path.of((String) r.get("location"));
        switch (format(r)) {
            case QCOW2 -> qemuImg("resize", image.toString(), Long.toString(size));
            case RAW -> setLength(image, size);
            default -> throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "sm_config:" + IMAGE_FORMAT,
                    DomainConfig.jsonName(format(r)), "jxend resizes raw and qcow2 images; convert this one with qemu-img convert");
        }
        store.set("VDI", vdi, Map.of("virtual_size", size, "physical_utilisation", allocated(image)));
        refreshSr((String) r.get("SR"));
    }

    /**
     * After a start, the local SR {@code local}: image files no VDI names are what a crash left of a
     * VDI being made or removed, and go; a VDI whose image is gone is marked {@code missing}, as XAPI
     * marks it. Every other plugged SR is scanned; one whose directory cannot be read is unplugged,
     * as XAPI leaves a PBD that does not plug at start.
     */
    void reconcile(String local) throws XenApiFailure {
        reconcileLocal(local);
        for (String sr : store.refs("SR")) {
            if (!sr.equals(local) && plugged(store, sr)) {
                try {
                    scan(sr);
                } catch (XenApiFailure f) {
                    LOG.warning("SR " + store.field("SR", sr, "uuid") + " unplugged: " + String.join(" ", f.description()));
                    for (Object pbd : (List<?>) store.field("SR", sr, "PBDs")) {
                        store.set("PBD", (String) pbd, "currently_attached", false);
                    }
                }
            }
        }
    }

    private void reconcileLocal(String sr) throws XenApiFailure {
        Set<Object> suspendedInto = new HashSet<>();
        store.records("VM").values().forEach(vm -> suspendedInto.add(vm.get("suspend_VDI")));
        for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
            if ("suspend".equals(store.field("VDI", (String) vdi, "type")) && !suspendedInto.contains(vdi)) {
                store.destroy("VDI", (String) vdi); // a suspend that a crash cut short: its VM runs no more
            }
        }
        Set<Path> named = new HashSet<>();
        for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
            Path image = Path.of((String) store.field("VDI", (String) vdi, "location"));
            named.add(image);
            store.set("VDI", (String) vdi, "missing", !Files.exists(image));
        }
        Path dir = dir(sr);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!named.contains(f)) {
                    LOG.info("removing " + f + ": no VDI has it (a crash while it was made or removed)");
                    delete(f);
                }
            }
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot list " + dir + ": " + e);
        }
        refreshSr(sr);
    }

    /**
     * A scan: each image file in the SR's directory that no VDI names becomes a VDI (a CD image in an
     * ISO library, a raw or qcow2 disk image in a file SR, sized from its header); a VDI whose file
     * is gone is forgotten if no VM has it, else marked {@code missing}. Then the SR's sizes.
     */
    void scan(String sr) throws XenApiFailure {
        requirePlugged(sr);
        Path dir = dir(sr);
        if (!Files.isDirectory(dir)) { // before anything changes: its images are not gone, the directory is
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "device_config:location", dir.toString(),
                    "no directory " + dir + " on the host");
        }
        boolean iso = isIso(sr);
        Set<Path> known = new HashSet<>();
        for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
            known.add(Path.of((String) store.field("VDI", (String) vdi, "location")));
        }
        // the new files' headers read outside the store's lock: a library may hold many
        List<DiskImage> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!known.contains(f) && !inFlight.contains(f) && Files.isRegularFile(f)
                        && (iso ? CD_IMAGE : DISK_IMAGE).matcher(f.getFileName().toString()).matches()) {
                    probe(sr, f, iso).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot list " + dir + ": " + e);
        }
        store.atomically(() -> {
            Set<Path> named = new HashSet<>();
            for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
                Map<String, Object> r = store.record("VDI", (String) vdi);
                Path image = Path.of((String) r.get("location"));
                named.add(image);
                boolean gone = !Files.exists(image);
                if (gone && iso && ((List<?>) r.get("VBDs")).isEmpty()) {
                    store.destroy("VDI", (String) vdi);
                } else {
                    store.set("VDI", (String) vdi, "missing", gone);
                }
            }
            for (DiskImage d : found) {
                if (!named.contains(d.file()) && !inFlight.contains(d.file())) { // not made meanwhile
                    introduce(sr, d, iso);
                }
            }
            return null;
        });
        refreshSr(sr);
    }

    /** An image file as a disk a scan takes in: raw or qcow2 (a CD image read as raw); empty, and logged, if not. */
    private static Optional<DiskImage> probe(String sr, Path image, boolean iso) {
        var raw = org.jxen.hv.sim.disk.DiskFormat.RAW;
        DiskImage d;
        try {
            d = DiskImages.probe(image, iso ? raw : null);
        } catch (DiskImageException e) {
            LOG.info("scan of SR " + sr + ": " + image + " left out: " + e.getMessage());
            return Optional.empty();
        }
        if (d.format() != raw && d.format() != org.jxen.hv.sim.disk.DiskFormat.QCOW2) {
            LOG.info("scan of SR " + sr + ": " + image + " is " + d.format() + ", not raw or qcow2: left out");
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** The VDI an image file found by a scan is: its name, its size as a guest would see it. */
    private void introduce(String sr, DiskImage d, boolean iso) throws XenApiFailure {
        String name = d.file().getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.'));
        Map<String, Object> given = new LinkedHashMap<>();
        if (isFreeUuid(base)) { // an image jxend made and forgot is named by its UUID: it gets that UUID again
            given.put("uuid", base);
        }
        given.put("name_label", name);
        introduce(sr, d, iso, given);
    }

    /** The VDI record of image {@code d}: what the caller gave, then what the image says. */
    private String introduce(String sr, DiskImage d, boolean iso, Map<String, Object> given) throws XenApiFailure {
        Path image = d.file();
        Map<String, Object> vdi = new LinkedHashMap<>();
        vdi.put("type", "user");
        vdi.put("managed", true);
        vdi.putAll(given);
        vdi.put("SR", sr);
        vdi.put("location", image.toString());
        vdi.put("read_only", iso || Boolean.TRUE.equals(given.get("read_only")));
        vdi.put("virtual_size", d.virtualSize());
        vdi.put("physical_utilisation", allocated(image));
        if (d.format() == org.jxen.hv.sim.disk.DiskFormat.QCOW2) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sm = new LinkedHashMap<>((Map<String, Object>) vdi.getOrDefault("sm_config", Map.of()));
            sm.put(IMAGE_FORMAT, "qcow2");
            vdi.put("sm_config", sm);
        }
        vdi.put("allowed_operations", iso ? List.of() : DISK_OPERATIONS);
        return store.create("VDI", vdi);
    }

    /**
     * XAPI's {@code VDI.introduce}: an image already in the SR's directory ({@code location} its name
     * there or its path) becomes a VDI with the caller's UUID, names and settings, sized from the
     * image. {@code VDI_LOCATION_MISSING} if there is no such image, {@code LOCATION_NOT_UNIQUE} if a
     * VDI has it already (the same UUID asking again gets that VDI, as XAPI's).
     */
    String introduce(String sr, String location, Map<String, Object> given) throws XenApiFailure {
        requirePlugged(sr);
        String uuid = (String) given.get("uuid");
        try {
            UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            throw XenApiFailure.of(ErrorCodes.UUID_INVALID, "VDI", uuid);
        }
        Path dir = dir(sr);
        Path image = dir.resolve(location).normalize();
        if (!dir.equals(image.getParent()) || !Files.isRegularFile(image)) {
            throw XenApiFailure.of(ErrorCodes.VDI_LOCATION_MISSING, sr, location);
        }
        Optional<DiskImage> d = probe(sr, image, isIso(sr));
        if (d.isEmpty()) {
            throw XenApiFailure.of(ErrorCodes.VDI_LOCATION_MISSING, sr, location);
        }
        String made = store.atomically(() -> {
            for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
                if (image.toString().equals(store.field("VDI", (String) vdi, "location"))) {
                    if (uuid.equals(store.field("VDI", (String) vdi, "uuid"))) {
                        return (String) vdi;
                    }
                    throw XenApiFailure.of(ErrorCodes.LOCATION_NOT_UNIQUE, sr, location);
                }
            }
            if (!isFreeUuid(uuid)) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "uuid", uuid);
            }
            return introduce(sr, d.get(), isIso(sr), given);
        });
        refreshSr(sr);
        return made;
    }

    /** Whether {@code text} is a UUID, in its usual form, that no VDI has. */
    private boolean isFreeUuid(String text) {
        try {
            if (!UUID.fromString(text).toString().equals(text)) {
                return false;
            }
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
        try {
            store.refByUuid("VDI", text);
            return false;
        } catch (XenApiFailure none) {
            return true;
        }
    }

    /** Brings the SR's sizes up to date: the file system's size and use, the VDIs' virtual sizes. */
    void refreshSr(String sr) throws XenApiFailure {
        long virtual = 0;
        for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
            virtual += (Long) store.field("VDI", (String) vdi, "virtual_size");
        }
        Path dir = dir(sr);
        try {
            FileStore fs = Files.getFileStore(dir);
            store.set("SR", sr, Map.of("physical_size", fs.getTotalSpace(),
                    "physical_utilisation", fs.getTotalSpace() - fs.getUsableSpace(), "virtual_allocation", virtual));
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot read the file system of " + dir + ": " + e);
        }
    }

    private void checkSpace(String sr, long bytes) throws XenApiFailure {
        Path dir = dir(sr);
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (bytes > free) {
                throw XenApiFailure.of(ErrorCodes.SR_FULL, bytes, free);
            }
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot read the free space of " + dir + ": " + e);
        }
    }

    private static String imageFormat(Map<String, Object> fields) throws XenApiFailure {
        Object asked = fields.get("sm_config") instanceof Map<?, ?> sm ? sm.get(IMAGE_FORMAT) : null;
        String format = asked == null ? "raw" : asked.toString();
        if (!format.equals("raw") && !format.equals("qcow2")) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "sm_config:" + IMAGE_FORMAT, format,
                    "the file SR makes raw and qcow2 images");
        }
        return format;
    }

    /**
     * A copy that keeps the image's holes: a fresh 8 GiB disk stays a few KiB on disk. coreutils'
     * cp finds the holes (SEEK_HOLE) where Java can only read the zeros and write them all out.
     */
    private static void copySparse(Path source, Path target) throws XenApiFailure {
        run(List.of("cp", "--sparse=always", "--reflink=auto", source.toString(), target.toString()),
                "cannot copy " + source + " to " + target);
    }

    private static void make(Path image, String format, long size) throws XenApiFailure {
        if (format.equals("qcow2")) {
            qemuImg("create", "-q", "-f", "qcow2", image.toString(), Long.toString(size));
        } else {
            setLength(image, size);
        }
    }

    private static void setLength(Path image, long size) throws XenApiFailure {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot size " + image + " to " + size + " bytes: " + e);
        }
    }

    private static void qemuImg(String... args) throws XenApiFailure {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        try {
            run(command, String.join(" ", command) + " failed");
        } catch (XenApiFailure f) {
            if (f.params().getFirst().contains("cannot be run")) {
                throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "sm_config:" + IMAGE_FORMAT, "qcow2",
                        "qcow2 images need qemu-img (Debian package qemu-utils): " + f.params().getFirst());
            }
            throw f;
        }
    }

    /** Runs a tool to its end; {@code INTERNAL_ERROR} with {@code what} and the tool's words if it fails. */
    private static void run(List<String> command, String what) throws XenApiFailure {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, what + ": " + output.strip());
            }
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, what + ": " + command.getFirst() + " cannot be run: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, what + ": interrupted");
        }
    }

    private static long allocated(Path image) throws XenApiFailure {
        try {
            return Files.size(image);
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot read " + image + ": " + e);
        }
    }

    private static void delete(Path image) {
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            LOG.warning("cannot remove " + image + ": " + e);
        }
    }
}
