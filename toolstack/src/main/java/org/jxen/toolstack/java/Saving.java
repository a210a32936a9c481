package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfigJson;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.ToolstackException;
import org.jxen.toolstack.save.DeviceRecord;
import org.jxen.toolstack.save.SaveReader;
import org.jxen.toolstack.save.SaveWriter;
import org.jxen.toolstack.save.VcpuRecord;
import org.jxen.xenstore.client.XsClient;

/**
 * Writes a paused domain to a save image and reads one back into a new domain: the domain's
 * identity, its configuration (libxl's JSON), every frame of its memory through dom0's foreign
 * mappings (in batches, so memory use stays small), its vCPUs and its devices' XenStore keys.
 * The image is written to a temporary file beside the target and moved into place when complete,
 * so a failed save never leaves a truncated image under the asked name.
 */
final class Saving {
    /** Frames mapped and copied at a time (4 MiB). */
    static final int BATCH = 1024;

    private final Hypervisor hv;
    private final XsClient xs;
    private final Devices devices;

    Saving(Hypervisor hv, XsClient xs, Devices devices) {
        this.hv = hv;
        this.xs = xs;
        this.devices = devices;
    }

    /** Writes the (paused) domain of {@code r} to {@code file}. */
    void write(DomainRecord r, Path file) throws ToolstackException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (SaveWriter out = SaveWriter.create(tmp)) {
            DomainInfo info = JavaToolstack.callFor(() -> hv.domainInfo(r.domid));
            out.domain(new org.jxen.toolstack.save.DomainRecord(r.uuid, r.name, info.type(), info.memKb(),
                    info.maxMemKb(), info.maxVcpus(), info.onlineVcpus(), Map.of()));
            out.config(DomainConfigJson.write(r.config));
            long frames = info.maxMemKb() / 4;
            for (long first = 0; first < frames; first += BATCH) {
                long[] gfns = range(first, Math.min(BATCH, frames - first));
                try (ForeignMapping m = JavaToolstack.callFor(() -> hv.mapForeign(r.domid, gfns, false))) {
                    out.pages(gfns, m.pages());
                }
            }
            for (int v = 0; v < info.maxVcpus(); v++) {
                int vcpu = v;
                VcpuInfo vi = JavaToolstack.callFor(() -> hv.vcpuInfo(r.domid, vcpu));
                out.vcpu(new VcpuRecord(v, vi.online(), List.copyOf(vi.hardAffinity()), List.copyOf(vi.softAffinity()),
                        new byte[0]));
            }
            for (String device : devices.recorded(r.domid)) {
                out.device(device(device));
            }
            out.end();
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ToolstackException(ToolstackException.Kind.FAILED, "saving domain " + r.domid + " to " + file
                    + ": " + e.getMessage());
        } catch (ToolstackException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ToolstackException(ToolstackException.Kind.FAILED, "saving to " + file + ": " + e.getMessage());
        }
    }

    /** A device's two ends as they stand in XenStore. */
    private DeviceRecord device(String libxlPath) {
        String[] p = libxlPath.split("/"); // "" libxl N device KIND DEVID
        return new DeviceRecord(p[4], Integer.parseInt(p[5]), keys(xs.readOrNull(libxlPath + "/backend")),
                keys(xs.readOrNull(libxlPath + "/frontend")));
    }

    private Map<String, String> keys(String dir) {
        Map<String, String> keys = new TreeMap<>();
        if (dir != null && xs.exists(dir)) {
            for (String k : xs.directory(dir)) {
                String v = xs.readOrNull(dir + "/" + k);
                if (v != null) {
                    keys.put(k, v);
                }
            }
        }
        return keys;
    }

    /** What a save image holds before its memory: checked whole first, so a bad file creates nothing. */
    record Header(org.jxen.toolstack.save.DomainRecord domain, DomainConfig config) {
    }

    static Header verify(Path file) throws ToolstackException {
        try {
            SaveReader.verify(file);
            try (SaveReader in = SaveReader.open(file)) {
                return new Header(in.domain(), DomainConfigJson.read(in.config()));
            }
        } catch (IOException | ConfigException e) {
            throw new ToolstackException(ToolstackException.Kind.BAD_IMAGE, "cannot restore from " + file + ": "
                    + e.getMessage());
        }
    }

    /** Copies the image's memory and vCPU affinities into the new (paused) domain {@code domid}. */
    void read(Path file, int domid) throws ToolstackException {
        try (SaveReader in = SaveReader.open(file)) {
            in.domain();
            in.config();
            for (long[] gfns = in.nextPageBatch(); gfns != null; gfns = in.nextPageBatch()) {
                long[] batch = gfns;
                try (ForeignMapping m = JavaToolstack.callFor(() -> hv.mapForeign(domid, batch, true))) {
                    in.readPages(m.pages());
                }
            }
            for (VcpuRecord v : in.vcpus()) {
                JavaToolstack.call(() -> hv.setVcpuAffinity(domid, v.id(), new TreeSet<>(v.hardAffinity()),
                        new TreeSet<>(v.softAffinity())));
            }
            in.devices();
            in.end();
        } catch (IOException e) {
            throw new ToolstackException(ToolstackException.Kind.BAD_IMAGE, "restoring from " + file + ": "
                    + e.getMessage());
        }
    }

    private static long[] range(long first, long count) {
        long[] gfns = new long[(int) count];
        for (int i = 0; i < count; i++) {
            gfns[i] = first + i;
        }
        return gfns;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the save's own failure is what the caller needs to see
        }
    }
}
