package org.jxen.daemon.xva;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.jxen.api.RpcParseException;
import org.jxen.api.XmlRpc;

/**
 * An XVA read in order, as XAPI's import reads it: {@code ova.xml} first ({@link #objects}), then
 * the disks ({@link #readDisks}), each as chunks named {@code ID/NNNNNNNN} in increasing order
 * (its number times the first chunk's length is where it goes; chunks of zeros may be left out,
 * but not the last), each followed by its checksum ({@code .checksum}: SHA-1,
 * lower-case hex; {@code .xxhash}: XXH64, {@code %016X}) when the export's {@code export_vsn} is
 * above 0. A gzip-compressed XVA is read too.
 */
public final class XvaReader {
    /** One exported object: its class, its id in the file ({@code Ref:NNN}) and its record. */
    public record XvaObject(String cls, String id, Map<String, Object> snapshot) {
    }

    private final TarReader tar;
    private boolean checksums;

    public XvaReader(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        this.tar = new TarReader(gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered);
    }

    /** The objects of {@code ova.xml}, which must come first. */
    public List<XvaObject> objects() throws IOException, XvaException {
        TarReader.Entry first = tar.next();
        if (first == null || !first.name().equals("ova.xml")) {
            throw new XvaException(first == null ? "the archive is empty" : "an XVA starts with ova.xml, this one with "
                    + first.name() + " (XVA version 1, a directory of files, is not read)");
        }
        Object value;
        try {
            value = XmlRpc.readValue(tar.readData(), "ova.xml");
        } catch (RpcParseException e) {
            throw new XvaException("ova.xml is not an XML-RPC value: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> top) || !(top.get("objects") instanceof List<?> objects)) {
            throw new XvaException("ova.xml holds no list of objects");
        }
        checksums = top.get("version") instanceof Map<?, ?> version && number(version.get("export_vsn")) > 0;
        List<XvaObject> result = new ArrayList<>();
        for (Object o : objects) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("class") instanceof String cls) || !(m.get("id") instanceof String id)
                    || !(m.get("snapshot") instanceof Map<?, ?> snapshot)) {
                throw new XvaException("an object of ova.xml without a class, an id or a snapshot: " + o);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) snapshot;
            result.add(new XvaObject(cls, id, record));
        }
        return result;
    }

    /** Where a disk's bytes go: its size and the file they are written into. */
    public record Disk(long size, FileChannel file) {
    }

    /**
     * Reads the disks' chunks into their files until each has its last chunk, and no further (as
     * XAPI, which does not wait for the archive's end marker: npm {@code xen-api} may close the
     * connection before that reaches the server); chunks of disks not asked for (a suspended VM's
     * memory, say) are skipped. A wrong checksum, a chunk out of order or past its disk's end, or
     * an archive that ends before a disk does stops it.
     */
    public void readDisks(Map<String, Disk> disks) throws IOException, XvaException {
        Map<String, long[]> seen = new HashMap<>(); // id -> {chunk length, last chunk, bytes reached}
        Set<String> complete = new HashSet<>();
        disks.forEach((id, d) -> {
            if (d.size() == 0) {
                complete.add(id);
            }
        });
        TarReader.Entry e;
        while (complete.size() < disks.size() && (e = tar.next()) != null) {
            int slash = e.name().lastIndexOf('/');
            String id = slash < 0 ? "" : e.name().substring(0, slash);
            Disk disk = disks.get(id);
            if (disk == null) {
                continue; // not a disk this import makes
            }
            long number = chunkNumber(e.name(), id);
            long[] s = seen.computeIfAbsent(id, k -> new long[] {-1, -1, 0});
            if (number <= s[1]) {
                throw new XvaException("chunk " + e.name() + " comes after chunk " + s[1] + " of its disk");
            }
            byte[] data = tar.readData();
            if (s[0] < 0) {
                s[0] = data.length;
            }
            long at = number * s[0];
            if (at + data.length > disk.size()) {
                throw new XvaException("chunk " + e.name() + " ends past the disk's " + disk.size() + " bytes");
            }
            if (checksums) {
                check(e.name(), data);
            }
            disk.file().write(ByteBuffer.wrap(data), at);
            s[1] = number;
            s[2] = at + data.length;
            if (s[2] == disk.size()) {
                complete.add(id);
            }
        }
        for (Map.Entry<String, Disk> d : disks.entrySet()) {
            long reached = seen.getOrDefault(d.getKey(), new long[] {0, 0, 0})[2];
            if (reached < d.getValue().size()) {
                throw new XvaException("the archive ends before disk " + d.getKey() + " does (" + reached + " of its "
                        + d.getValue().size() + " bytes)");
            }
        }
    }

    private static long chunkNumber(String name, String id) throws XvaException {
        String suffix = name.substring(id.length() + 1);
        if (!suffix.matches("[0-9]{1,12}")) {
            throw new XvaException("not a disk chunk: " + name);
        }
        return Long.parseLong(suffix);
    }

    private void check(String chunk, byte[] data) throws IOException, XvaException {
        TarReader.Entry sum = tar.next();
        if (sum == null || !(sum.name().equals(chunk + ".checksum") || sum.name().equals(chunk + ".xxhash"))) {
            throw new XvaException("chunk " + chunk + " is not followed by its checksum (" + chunk + ".checksum or .xxhash)"
                    + (sum == null ? "" : ", but by " + sum.name()));
        }
        String given = new String(tar.readData(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        String computed = sum.name().endsWith(".xxhash") ? Xxh64.hex(data, data.length) : sha1(data);
        if (!given.equals(computed)) {
            throw new XvaException("chunk " + chunk + " is damaged: its checksum says " + given + ", its bytes give "
                    + computed);
        }
    }

    private static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-1", e);
        }
    }

    private static long number(Object o) {
        try {
            return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
