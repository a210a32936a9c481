package org.jxen.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names xl.cfg's {@code cpuid=} accepts, looked up as libxl 4.17 looks them up: first its own
 * table (multi-bit fields such as {@code family}, and older spellings), then the CPU features of
 * Xen's public header {@code arch-x86/cpufeatureset.h}, each a bit of a featureset word that
 * stands for one CPUID register or one half of MSR_ARCH_CAPS.
 */
final class CpuidNames {
    static final List<String> REGISTERS = List.of("eax", "ebx", "ecx", "edx");

    /** Where a name points. */
    sealed interface Field permits Bits, MsrBit {
    }

    /** {@code length} bits from {@code bit} up of one CPUID register; a null subleaf is "none". */
    record Bits(long leaf, Long subleaf, int register, int bit, int length) implements Field {
    }

    /** One bit of an MSR's 64. */
    record MsrBit(long index, int bit) implements Field {
    }

    private static final long MSR_ARCH_CAPS = 0x10a;

    /** Featureset word i stands for WORDS[i] (bit 0 of the word is the field's first bit). */
    private static final List<Field> WORDS = List.of(
            cpuid(0x1, null, 3), cpuid(0x1, null, 2), cpuid(0x80000001L, null, 3), cpuid(0x80000001L, null, 2),
            cpuid(0xd, 1L, 0), cpuid(0x7, 0L, 1), cpuid(0x7, 0L, 2), cpuid(0x80000007L, null, 3),
            cpuid(0x80000008L, null, 1), cpuid(0x7, 0L, 3), cpuid(0x7, 1L, 0), cpuid(0x80000021L, null, 0),
            cpuid(0x7, 1L, 1), cpuid(0x7, 2L, 3), cpuid(0x7, 1L, 2), cpuid(0x7, 1L, 3),
            new MsrBit(MSR_ARCH_CAPS, 0), new MsrBit(MSR_ARCH_CAPS, 32), cpuid(0x80000021L, null, 2));

    private static final Map<String, Bits> LEGACY = legacy();
    private static final Map<String, Field> FEATURES = features();
    private static final Map<Field, String> SINGLE_BIT_NAMES = singleBitNames();

    private CpuidNames() {
    }

    private static Bits cpuid(long leaf, Long subleaf, int register) {
        return new Bits(leaf, subleaf, register, 0, 32);
    }

    static Optional<Field> lookup(String name) {
        Bits legacy = LEGACY.get(name);
        return Optional.ofNullable(legacy != null ? legacy : FEATURES.get(name));
    }

    /** A name for one bit, the first that {@link #lookup} resolves to exactly that bit. */
    static Optional<String> nameOf(Field singleBit) {
        return Optional.ofNullable(SINGLE_BIT_NAMES.get(singleBit));
    }

    /** libxl's own multi-bit fields (maxleaf, family, model, ...), in its table's order. */
    static Map<String, Bits> valueFields() {
        Map<String, Bits> fields = new LinkedHashMap<>();
        LEGACY.forEach((name, f) -> {
            if (f.length() > 1) {
                fields.put(name, f);
            }
        });
        return fields;
    }

    private static Map<String, Bits> legacy() {
        Map<String, Bits> table = new LinkedHashMap<>();
        for (String[] f : rows("cpuid-legacy-names.txt", 6)) {
            Long subleaf = f[2].equals("-") ? null : Long.decode(f[2]);
            table.put(f[0], new Bits(Long.decode(f[1]), subleaf, REGISTERS.indexOf(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5])));
        }
        return table;
    }

    private static Map<String, Field> features() {
        Map<String, Field> table = new HashMap<>();
        for (String[] f : rows("cpu-featureset.txt", 3)) {
            int bit = Integer.parseInt(f[2]);
            table.put(f[0], switch (WORDS.get(Integer.parseInt(f[1]))) {
                case Bits w -> new Bits(w.leaf(), w.subleaf(), w.register(), bit, 1);
                case MsrBit m -> new MsrBit(m.index(), m.bit() + bit);
            });
        }
        return table;
    }

    private static Map<Field, String> singleBitNames() {
        Map<Field, String> names = new HashMap<>();
        List<String> all = new ArrayList<>(LEGACY.keySet());
        all.addAll(FEATURES.keySet().stream().sorted().toList());
        for (String name : all) {
            Field f = lookup(name).orElseThrow();
            if (f instanceof MsrBit || f instanceof Bits b && b.length() == 1) {
                names.putIfAbsent(f, name);
            }
        }
        return names;
    }

    private static List<String[]> rows(String resource, int columns) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = CpuidNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jxen-config jar lacks " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length != columns) {
                        throw new IllegalStateException(resource + ": expected " + columns + " columns: " + line);
                    }
                    rows.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
