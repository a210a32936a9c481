package org.jxen.hv.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DiskImages#probe} against QEMU's own reading of real images made by {@code qemu-img}
 * (Debian qemu-utils): the virtual size must be the one {@code qemu-img info} reports, both with
 * the format named and detected. Sizes are odd on purpose, so that rounding shows.
 * Not covered here: damaged headers ({@link DiskImagesTest}).
 */
class DiskImagesQemuTest {
    /** A top-level field of qemu-img's JSON (the first one of that name: the image's, not a child's). */
    private static final Pattern FIELD = Pattern.compile("\"(virtual-size|format)\":\\s*\"?([^\",\\s]+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void qemuImg() {
        Oracles.require("DiskImagesQemuTest", Commands.toolMissing("qemu-img") == null
                ? null : "qemu-img not installed (Debian package qemu-utils)");
    }

    static Stream<Arguments> images() {
        List<Arguments> cases = new ArrayList<>();
        for (long size : new long[] {1_000_001, 7 * 1024 * 1024 + 3, 3_000_000_000L}) {
            cases.add(Arguments.of("raw", "", size, DiskFormat.RAW));
            cases.add(Arguments.of("qcow2", "compat=0.10", size, DiskFormat.QCOW2));
            cases.add(Arguments.of("qcow2", "compat=1.1", size, DiskFormat.QCOW2));
            cases.add(Arguments.of("qcow", "", size, DiskFormat.QCOW));
            cases.add(Arguments.of("vpc", "", size, DiskFormat.VHD));
            cases.add(Arguments.of("vpc", "force_size=on", size, DiskFormat.VHD));
            cases.add(Arguments.of("vpc", "subformat=fixed", size, DiskFormat.VHD));
            cases.add(Arguments.of("vpc", "subformat=fixed,force_size=on", size, DiskFormat.VHD));
            cases.add(Arguments.of("qed", "", size, DiskFormat.QED));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("images")
    void probe_namedFormat_matchesQemuImgInfo(String qemuFormat, String options, long size, DiskFormat format)
            throws IOException {
        Path image = create(qemuFormat, options, size);

        DiskImage probed = DiskImages.probe(image, format);

        assertThat(probed.virtualSize()).isEqualTo(qemuVirtualSize(image, qemuFormat));
        assertThat(probed.format()).isEqualTo(format);
        assertThat(probed.sectors()).isEqualTo(probed.virtualSize() / 512);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("images")
    void probe_detected_matchesQemuProbe(String qemuFormat, String options, long size, DiskFormat format)
            throws IOException {
        Path image = create(qemuFormat, options, size);
        String qemuDetected = info(image, null, "format");

        DiskImage probed = DiskImages.probe(image, null);

        assertThat(probed.format().name().toLowerCase()).isEqualTo(qemuDetected.equals("vpc") ? "vhd" : qemuDetected);
        assertThat(probed.virtualSize()).isEqualTo(qemuVirtualSize(image, qemuDetected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encrypted")
    void probe_encrypted_refused(String qemuFormat, String options, DiskFormat format) throws IOException {
        Path image = dir.resolve("secret." + qemuFormat);
        Commands.run(List.of("qemu-img", "create", "-q", "-f", qemuFormat, "--object", "secret,id=s,data=x",
                "-o", options, image.toString(), "1M"));

        assertThat(catchThrowable(() -> DiskImages.probe(image, format)))
                .isInstanceOf(DiskImageException.class)
                .hasMessageContaining("encrypted " + qemuFormat + " image")
                .hasMessageContaining("the simulated host cannot open encrypted images");
    }

    /**
     * AES only: qemu-img times LUKS key derivation by the CPU time it uses, which fails ("Unable to
     * get accurate CPU usage") on virtual machines with coarse accounting; crypt_method 2 (LUKS) is
     * covered by {@link DiskImagesTest}.
     */
    static Stream<Arguments> encrypted() {
        return Stream.of(
                Arguments.of("qcow2", "encrypt.format=aes,encrypt.key-secret=s", DiskFormat.QCOW2),
                Arguments.of("qcow", "encrypt.format=aes,encrypt.key-secret=s", DiskFormat.QCOW));
    }

    /**
     * A raw image of a size that is not whole sectors is its file's length; the loop device under
     * blkback (libxl's backend for raw files) counts whole sectors, QEMU rounds up: we follow blkback.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oddRaw")
    void probe_rawNotWholeSectors_isFileLength(long size) throws IOException {
        Path image = dir.resolve("odd.img");
        try (var file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }

        DiskImage probed = DiskImages.probe(image, DiskFormat.RAW);

        assertThat(probed.virtualSize()).isEqualTo(size);
        assertThat(probed.sectors()).isEqualTo(size / 512);
        assertThat(qemuVirtualSize(image, "raw")).isEqualTo((size + 511) / 512 * 512);
    }

    static Stream<Long> oddRaw() {
        return Stream.of(1L, 511L, 513L, 1_000_001L);
    }

    private Path create(String qemuFormat, String options, long size) {
        Path image = dir.resolve("disk." + qemuFormat);
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", qemuFormat));
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(image.toString(), Long.toString(size)));
        Commands.run(command);
        return image;
    }

    private static long qemuVirtualSize(Path image, String qemuFormat) throws IOException {
        return Long.parseLong(info(image, qemuFormat, "virtual-size"));
    }

    /** One field of {@code qemu-img info --output=json}; the sim module has no JSON library, and needs none. */
    private static String info(Path image, String qemuFormat, String field) {
        List<String> command = new ArrayList<>(List.of("qemu-img", "info", "--output=json"));
        if (qemuFormat != null) {
            command.addAll(List.of("-f", qemuFormat));
        }
        command.add(image.toString());
        Matcher m = FIELD.matcher(Commands.run(command));
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return m.group(2);
            }
        }
        throw new AssertionError("qemu-img info printed no " + field + " for " + image);
    }
}
