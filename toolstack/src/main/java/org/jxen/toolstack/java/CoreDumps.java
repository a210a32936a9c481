package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.toolstack.ToolstackException;

/**
 * Writes a domain's core as {@code xc_domain_dumpcore} does (Xen's dump-core format,
 * docs/misc/dump-core-format.txt in Xen's tree): an ELF64 core with no program headers; the
 * section headers after the ELF header; the {@code .note.Xen} notes (none, header, Xen version,
 * format version 0.1); one {@code vcpu_guest_context} per vCPU; the shared-info page; padding to a
 * page; the domain's pages; the table saying which frame each page is ({@code .xen_p2m} for PV,
 * {@code .xen_pfn} for HVM and PVH); the section names. The simulated host keeps no register
 * state, no shared-info page and no machine frames: those contexts and that page are zeros, and a
 * PV page's machine frame is written as its own frame number.
 */
final class CoreDumps {
    private static final int PAGE = ForeignMapping.PAGE_SIZE;
    /** {@code sizeof(vcpu_guest_context_t)} on x86_64 (CoreDumpsTest checks it against xl's core). */
    static final int VCPU_CONTEXT_BYTES = 5168;
    private static final int ELF_HEADER = 64;
    private static final int SECTION_HEADER = 64;
    private static final int NOTE_HEADER = 16; // Elf64_Nhdr and the name "Xen\0"
    private static final int XEN_VERSION_DESC = 1280;
    private static final long MAGIC_PV = 0xF00FEBEDL;
    private static final long MAGIC_HVM = 0xF00FEBEEL;
    private static final int NOTE_NONE = 0x2000000;
    private static final int NOTE_HEADER_TYPE = 0x2000001;
    private static final int NOTE_XEN_VERSION = 0x2000002;
    private static final int NOTE_FORMAT_VERSION = 0x2000003;
    private static final int SHT_PROGBITS = 1;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_NOTE = 7;
    /** The names in the order xc_domain_dumpcore adds its sections; the table goes last (x86: no arch section). */
    private static final String[] NAMES = {".shstrtab", ".note.Xen", ".xen_prstatus", ".xen_shared_info", ".xen_pages"};
    /** x86_64's HYPERVISOR_VIRT_START, the platform parameter of a 64-bit host. */
    private static final long VIRT_START = 0xFFFF800000000000L;
    private static final String CAPABILITIES = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";
    /** Frames copied at a time. */
    private static final int BATCH = 1024;

    private final Hypervisor hv;

    CoreDumps(Hypervisor hv) {
        this.hv = hv;
    }

    /**
     * Writes domain {@code domid}'s core to {@code file} (mode 0600: it holds the guest's memory),
     * by way of a temporary file beside it, so a failed dump leaves no half-written core.
     */
    void write(int domid, Path file) throws ToolstackException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            DomainInfo info = JavaToolstack.callFor(() -> hv.domainInfo(domid));
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(info, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ToolstackException(ToolstackException.Kind.FAILED, "dumping the core of domain " + domid + " to "
                    + file + ": " + e.getMessage());
        } catch (ToolstackException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private void write(DomainInfo info, FileChannel out) throws IOException, ToolstackException {
        boolean translated = info.type() != DomainType.PV;
        int vcpus = info.maxVcpus();
        long pages = info.memKb() / 4;
        byte[] names = names(translated);
        int notes = NOTE_HEADER + (NOTE_HEADER + 32) + (NOTE_HEADER + XEN_VERSION_DESC) + (NOTE_HEADER + 8);
        int sections = NAMES.length + 2; // and the null section, and the table
        long notesAt = ELF_HEADER + (long) sections * SECTION_HEADER;
        long contextsAt = notesAt + notes;
        long sharedInfoAt = contextsAt + (long) vcpus * VCPU_CONTEXT_BYTES;
        long pagesAt = roundUp(sharedInfoAt + PAGE);
        int entry = translated ? 8 : 16;
        long tableAt = pagesAt + pages * PAGE;
        long namesAt = tableAt + pages * entry;

        ByteBuffer head = little(ELF_HEADER + sections * SECTION_HEADER + notes);
        elfHeader(head, sections);
        head.position(ELF_HEADER + SECTION_HEADER); // section 0 is all zeros
        sectionHeader(head, names, 1, SHT_STRTAB, namesAt, names.length, 0, 0);
        sectionHeader(head, names, 2, SHT_NOTE, notesAt, notes, 0, 0);
        sectionHeader(head, names, 3, SHT_PROGBITS, contextsAt, (long) vcpus * VCPU_CONTEXT_BYTES, 8, VCPU_CONTEXT_BYTES);
        sectionHeader(head, names, 4, SHT_PROGBITS, sharedInfoAt, PAGE, 8, PAGE);
        sectionHeader(head, names, 5, SHT_PROGBITS, pagesAt, pages * PAGE, PAGE, PAGE);
        sectionHeader(head, names, 6, SHT_PROGBITS, tableAt, pages * entry, 8, entry);
        note(head, NOTE_NONE, 0);
        note(head, NOTE_HEADER_TYPE, 32);
        head.putLong(translated ? MAGIC_HVM : MAGIC_PV).putLong(vcpus).putLong(pages).putLong(PAGE);
        note(head, NOTE_XEN_VERSION, XEN_VERSION_DESC);
        xenVersion(head);
        note(head, NOTE_FORMAT_VERSION, 8);
        head.putLong(1); // major 0, minor 1
        writeAll(out, head.flip());
        zeros(out, pagesAt - out.position()); // the vCPU contexts, the shared info, the padding
        writePages(info.domid(), pages, out);
        ByteBuffer table = little((int) Math.min(pages * entry, BATCH * 16L));
        for (long pfn = 0; pfn < pages; pfn++) {
            table.putLong(pfn);
            if (!translated) {
                table.putLong(pfn); // its machine frame: the simulated host has none of its own
            }
            if (!table.hasRemaining()) {
                writeAll(out, table.flip());
                table.clear();
            }
        }
        writeAll(out, table.flip());
        writeAll(out, ByteBuffer.wrap(names));
    }

    /** The domain's frames 0 to {@code pages - 1}, through read-only foreign mappings, a batch at a time. */
    private void writePages(int domid, long pages, FileChannel out) throws IOException, ToolstackException {
        for (long first = 0; first < pages; first += BATCH) {
            long[] gfns = new long[(int) Math.min(BATCH, pages - first)];
            for (int i = 0; i < gfns.length; i++) {
                gfns[i] = first + i;
            }
            try (ForeignMapping m = JavaToolstack.callFor(() -> hv.mapForeign(domid, gfns, false))) {
                writeAll(out, m.pages().asByteBuffer());
            }
        }
    }

    private static void elfHeader(ByteBuffer b, int sections) {
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 1}); // 64-bit, little-endian, version 1, SYSV, ABI version 1
        b.position(16);
        b.putShort((short) 4); // ET_CORE
        b.putShort((short) 62); // EM_X86_64
        b.putInt(1);
        b.putLong(0); // no entry
        b.putLong(0); // no program headers
        b.putLong(ELF_HEADER); // the section headers follow
        b.putInt(0);
        b.putShort((short) ELF_HEADER);
        b.putShort((short) 56); // sizeof(Elf64_Phdr), though there are none
        b.putShort((short) 0);
        b.putShort((short) SECTION_HEADER);
        b.putShort((short) sections);
        b.putShort((short) 1); // .shstrtab
    }

    private static void sectionHeader(ByteBuffer b, byte[] names, int index, int type, long offset, long size,
            long align, long entrySize) {
        b.position(ELF_HEADER + index * SECTION_HEADER);
        b.putInt(nameOffset(names, index)).putInt(type).putLong(0).putLong(0).putLong(offset).putLong(size)
                .putInt(0).putInt(0).putLong(align).putLong(entrySize);
    }

    private static void note(ByteBuffer b, int type, int descBytes) {
        b.putInt(4).putInt(descBytes).putInt(type).put(new byte[] {'X', 'e', 'n', 0});
    }

    /** What XENVER_* answer for the simulated host: Xen 4.17 on x86_64, built by no compiler of Xen's. */
    private static void xenVersion(ByteBuffer b) {
        b.putLong(4).putLong(17);
        text(b, "-jxen", 16);
        text(b, "jxen simulated host", 64);
        text(b, "jxen", 16);
        text(b, "", 32);
        text(b, "", 32);
        text(b, CAPABILITIES, 1024);
        text(b, "", 64);
        b.putLong(VIRT_START).putLong(PAGE);
    }

    private static void text(ByteBuffer b, String s, int field) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.put(bytes).put(new byte[field - bytes.length]);
    }

    /** "\0.shstrtab\0.note.Xen\0...": the names of sections 1 to 6. */
    private static byte[] names(boolean translated) {
        StringBuilder s = new StringBuilder("\0");
        for (String n : NAMES) {
            s.append(n).append('\0');
        }
        s.append(translated ? ".xen_pfn" : ".xen_p2m").append('\0');
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static int nameOffset(byte[] names, int index) {
        int at = 1;
        for (int i = 1; i < index; i++) {
            while (names[at] != 0) {
                at++;
            }
            at++;
        }
        return at;
    }

    private static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long roundUp(long offset) {
        return (offset + PAGE - 1) / PAGE * PAGE;
    }

    private static void zeros(FileChannel out, long bytes) throws IOException {
        ByteBuffer zero = ByteBuffer.allocate(PAGE);
        for (long left = bytes; left > 0; left -= PAGE) {
            writeAll(out, zero.clear().limit((int) Math.min(PAGE, left)));
        }
    }

    private static void writeAll(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the dump's own failure is what the caller needs to see
        }
    }
}
