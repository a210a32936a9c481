package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jxen.hv.ForeignMapping;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaToolstack's cores against those real {@code xl dump-core} wrote in the xenlab (Xen 4.17,
 * scripts/xenlab/dump-core-capture.sh): the same PV domains (alpha, 96 MiB and 2 vCPUs; gamma,
 * 80 MiB and 1 vCPU) give the same ELF header, the same sections (names, types,
 * offsets, sizes, alignments, entry sizes), the same notes but for the Xen version's text, and the
 * same frame numbers; the machine frames, the vCPU registers and the version strings are the
 * host's. The pages are the guest's memory, as a foreign mapping reads it.
 */
class CoreDumpsTest {
    private static final String RESOURCES = "/dump-core/";

    /** One section header, its name resolved. */
    private record Section(String name, int type, long flags, long offset, long size, long align, long entrySize) {
    }

    /** One note of {@code .note.Xen}. */
    private record Note(String name, int type, byte[] desc) {
    }

    /** A core's bytes at given offsets: the whole file, or the head and tail the lab exported. */
    private interface Bytes {
        ByteBuffer at(long offset, int length);
    }

    /** What a core says about itself. */
    private record Core(byte[] elfHeader, List<Section> sections, List<Note> notes, byte[] table) {
        static Core read(Bytes bytes) {
            byte[] elf = new byte[64];
            bytes.at(0, 64).get(elf);
            ByteBuffer h = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            long shoff = h.getLong(40);
            int count = h.getShort(60);
            int names = h.getShort(62);
            ByteBuffer headers = bytes.at(shoff, count * 64);
            ByteBuffer nameTable = bytes.at(headers.getLong(names * 64 + 24), (int) headers.getLong(names * 64 + 32));
            List<Section> sections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int at = i * 64;
                sections.add(new Section(string(nameTable, headers.getInt(at)), headers.getInt(at + 4),
                        headers.getLong(at + 8), headers.getLong(at + 24), headers.getLong(at + 32), headers.getLong(at + 48),
                        headers.getLong(at + 56)));
            }
            Section noteSection = sections.stream().filter(s -> s.name().equals(".note.Xen")).findFirst().orElseThrow();
            ByteBuffer n = bytes.at(noteSection.offset(), (int) noteSection.size());
            List<Note> notes = new ArrayList<>();
            while (n.hasRemaining()) {
                int nameSize = n.getInt();
                int descSize = n.getInt();
                int type = n.getInt();
                byte[] name = new byte[(nameSize + 3) & ~3];
                n.get(name);
                byte[] desc = new byte[(descSize + 3) & ~3];
                n.get(desc);
                notes.add(new Note(new String(name, 0, nameSize - 1, StandardCharsets.US_ASCII), type, desc));
            }
            Section table = sections.getLast();
            byte[] entries = new byte[(int) table.size()];
            bytes.at(table.offset(), entries.length).get(entries);
            return new Core(elf, sections, notes, entries);
        }

        private static String string(ByteBuffer table, int at) {
            int end = at;
            while (table.get(end) != 0) {
                end++;
            }
            byte[] s = new byte[end - at];
            table.get(at, s);
            return new String(s, StandardCharsets.US_ASCII);
        }

        Section section(String name) {
            return sections.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }

        /** The frame numbers of the table, in its order (a p2m entry's first half). */
        long[] frames() {
            ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
            int entry = (int) sections.getLast().entrySize();
            long[] frames = new long[table.length / entry];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = t.getLong(i * entry);
            }
            return frames;
        }

        /** The header note's words: magic, vCPUs, pages, page size. */
        long[] header() {
            ByteBuffer d = ByteBuffer.wrap(notes.get(1).desc()).order(ByteOrder.LITTLE_ENDIAN);
            return new long[] {d.getLong(), d.getLong(), d.getLong(), d.getLong()};
        }
    }

    /** A core the lab exported: its first 16 KiB and last 400,000 bytes (the file's size from the section names' end). */
    private static Core captured(String name) throws IOException {
        byte[] head = resource(name + ".head");
        byte[] tail;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(resource(name + ".tail.gz")))) {
            tail = in.readAllBytes();
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int names = h.getShort(62);
        long namesEnd = h.getLong(64 + names * 64 + 24) + h.getLong(64 + names * 64 + 32);
        long tailAt = namesEnd - tail.length;
        return Core.read((offset, length) -> {
            byte[] out = new byte[length];
            if (offset + length <= head.length) {
                System.arraycopy(head, (int) offset, out, 0, length);
            } else {
                assertThat(offset).as("a part of the core the lab did not export").isGreaterThanOrEqualTo(tailAt);
                System.arraycopy(tail, (int) (offset - tailAt), out, 0, length);
            }
            return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        });
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CoreDumpsTest.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static Core read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Core.read((offset, length) -> ByteBuffer.wrap(all, (int) offset, length).slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static void assertSameShape(Core ours, Core xl) {
        assertThat(ours.elfHeader()).as("the ELF header").isEqualTo(xl.elfHeader());
        assertThat(ours.sections()).as("the sections").isEqualTo(xl.sections());
        assertThat(ours.notes()).extracting(Note::name, Note::type, n -> n.desc().length)
                .as("the notes").isEqualTo(xl.notes().stream().map(n -> org.assertj.core.groups.Tuple.tuple(n.name(),
                        n.type(), n.desc().length)).toList());
        assertThat(ours.header()).as("the header note").isEqualTo(xl.header());
        assertThat(ours.notes().getLast().desc()).as("the format version").isEqualTo(xl.notes().getLast().desc());
        assertThat(ours.frames()).as("the frames, in order").isEqualTo(xl.frames());
    }

    @Test
    void aRunningGuestsCoreIsShapedAsXlsIs(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = s.toolstack.create(JavaToolstackTest.config(dir, "name = \"alpha\"\nkernel = \"KERNEL\"\n"
                    + "memory = 96\nvcpus = 2\n"), CreateOptions.DEFAULT);
            s.run(1_000_000_000L);
            Path core = dir.resolve("alpha.core");
            s.toolstack.dumpCore(d.domid(), core);
            assertSameShape(read(core), captured("alpha"));
            assertThat(Files.getPosixFilePermissions(core)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aPausedGuestsCoreIsShapedAsXlsIsAndHoldsItsMemory(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = s.toolstack.create(JavaToolstackTest.config(dir, "name = \"gamma\"\nkernel = \"KERNEL\"\n"
                    + "memory = 80\n"), CreateOptions.DEFAULT.paused(true));
            long[] frames = {0, 7, 20479};
            try (ForeignMapping m = s.host.mapForeign(d.domid(), frames, true)) {
                for (int i = 0; i < frames.length; i++) {
                    m.pages().asSlice((long) i * ForeignMapping.PAGE_SIZE, 8).fill((byte) (0x40 + i));
                }
            }
            Path core = dir.resolve("gamma.core");
            s.toolstack.dumpCore(d.domid(), core);
            Core ours = read(core);
            assertSameShape(ours, captured("gamma"));
            byte[] all = Files.readAllBytes(core);
            long pagesAt = ours.section(".xen_pages").offset();
            for (int i = 0; i < frames.length; i++) {
                int at = (int) (pagesAt + frames[i] * ForeignMapping.PAGE_SIZE);
                byte[] expected = new byte[8];
                Arrays.fill(expected, (byte) (0x40 + i));
                assertThat(Arrays.copyOfRange(all, at, at + 8)).as("frame %d", frames[i]).isEqualTo(expected);
            }
            assertThat(s.toolstack.domain(d.domid()).info().has(org.jxen.hv.DomainInfo.Flag.PAUSED)).isTrue();
        }
    }

    /**
     * An HVM guest's core, by the format document alone (the lab's QEMU cannot run HVM guests): the
     * HVM magic, and {@code .xen_pfn} (8-byte frame numbers) where a PV core has {@code .xen_p2m}.
     */
    @Test
    void anHvmGuestsCoreListsItsFramesInXenPfn(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = s.toolstack.create(JavaToolstackTest.config(dir, "name = \"win\"\ntype = \"hvm\"\nmemory = 64\n"),
                    CreateOptions.DEFAULT.paused(true));
            Path core = dir.resolve("win.core");
            s.toolstack.dumpCore(d.domid(), core);
            Core ours = read(core);
            long pages = s.toolstack.domain(d.domid()).info().memKb() / 4;
            assertThat(ours.sections().getLast()).extracting(Section::name, Section::entrySize, Section::size)
                    .containsExactly(".xen_pfn", 8L, pages * 8);
            assertThat(ours.header()).containsExactly(0xF00FEBEEL, 1L, pages, 4096L);
            assertThat(ours.frames()).hasSize((int) pages).startsWith(0, 1, 2).endsWith(pages - 1);
        }
    }

    @Test
    void aDomainThatIsNotThereHasNoCore(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            assertThatThrownBy(() -> s.toolstack.dumpCore(4000, dir.resolve("none.core")))
                    .isInstanceOfSatisfying(ToolstackException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
            assertThat(dir.resolve("none.core")).doesNotExist();
        }
    }
}
