package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jxen.config.CpuidNames.Bits;
import org.jxen.config.DomainConfig.CpuidLeaf;
import org.jxen.config.DomainConfig.CpuidPolicy;
import org.jxen.config.DomainConfig.Msr;

/**
 * Writes a {@link CpuidPolicy} back as {@code cpuid=}. Without MSRs, xend's list form says exactly
 * what the policy holds, leaf by leaf. MSRs need libxl's string form, which can only name bits:
 * there every set bit must have a name (or be part of a field such as family), else the policy
 * cannot be written as xl.cfg and this says which bit.
 */
final class CpuidWriter {
    private CpuidWriter() {
    }

    /** xend's form: one line per leaf, in the policy's order. */
    static List<String> xendLines(CpuidPolicy p) {
        return p.cpuid().stream().map(CpuidWriter::xendLine).toList();
    }

    private static String xendLine(CpuidLeaf l) {
        List<String> registers = new ArrayList<>();
        List<String> values = registers(l);
        for (int r = 0; r < 4; r++) {
            if (values.get(r) != null) {
                registers.add(CpuidNames.REGISTERS.get(r) + "=" + values.get(r));
            }
        }
        return hex(l.leaf()) + (l.subleaf() == null ? "" : "," + l.subleaf()) + ":" + String.join(",", registers);
    }

    private static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    private static List<String> registers(CpuidLeaf l) {
        return Arrays.asList(l.eax(), l.ebx(), l.ecx(), l.edx());
    }

    /** libxl's form, {@code host,NAME=VALUE,...}, leaves first, then MSRs, each in order. */
    static String libxlString(CpuidPolicy p) {
        List<String> flags = new ArrayList<>(List.of("host"));
        for (CpuidLeaf l : p.cpuid()) {
            List<String> values = registers(l);
            if (values.stream().allMatch(Objects::isNull)) {
                throw unwritable("leaf " + hex(l.leaf()) + " has no register set");
            }
            for (int r = 0; r < 4; r++) {
                if (values.get(r) != null) {
                    flags.addAll(registerFlags(l, r, values.get(r).toCharArray()));
                }
            }
        }
        for (Msr m : p.msr()) {
            List<String> msrFlags = new ArrayList<>();
            for (int bit = 0; bit < 64; bit++) {
                char c = m.policy().charAt(63 - bit);
                CpuidNames.MsrBit field = new CpuidNames.MsrBit(m.index(), bit);
                if (c != 'x') {
                    msrFlags.add(singleBit(field, c, () -> "bit " + field.bit() + " of MSR " + hex(m.index())));
                }
            }
            if (msrFlags.isEmpty()) { // all x: one flag set to x still brings the MSR into being
                msrFlags.add(IntStream.range(0, 64).mapToObj(b -> CpuidNames.nameOf(new CpuidNames.MsrBit(m.index(), b)))
                        .flatMap(Optional::stream).findFirst()
                        .orElseThrow(() -> unwritable("MSR " + hex(m.index()) + " has no named bit")) + "=x");
            }
            flags.addAll(msrFlags);
        }
        return String.join(",", flags);
    }

    private static List<String> registerFlags(CpuidLeaf l, int register, char[] chars) {
        List<String> flags = new ArrayList<>();
        boolean[] covered = new boolean[32];
        for (Map.Entry<String, Bits> f : CpuidNames.valueFields().entrySet()) {
            Bits field = f.getValue();
            if (field.leaf() == l.leaf() && Objects.equals(field.subleaf(), l.subleaf()) && field.register() == register) {
                char[] mask = CpuidSpec.overlay(f.getKey(), field, "0");
                IntStream.range(0, 32).filter(i -> mask[i] != 0).forEach(i -> covered[i] = true);
                if (IntStream.range(0, 32).anyMatch(i -> mask[i] != 0 && chars[i] != 'x')) {
                    flags.add(f.getKey() + "=" + fieldValue(f.getKey(), field, chars, mask, l));
                }
            }
        }
        String where = CpuidNames.REGISTERS.get(register) + " in leaf " + hex(l.leaf());
        for (int bit = 0; bit < 32; bit++) {
            char c = chars[31 - bit];
            if (!covered[31 - bit] && c != 'x') {
                int b = bit;
                flags.add(singleBit(new Bits(l.leaf(), l.subleaf(), register, bit, 1), c, () -> "bit " + b + " of " + where));
            }
        }
        if (flags.isEmpty()) { // all x: one flag set to x still brings the register into being
            flags.add(allXFlag(l, register).orElseThrow(() -> unwritable(where + " has no name that can set it to x")));
        }
        return flags;
    }

    /** A name whose value x writes only x into the register: a field such as model, or a named bit. */
    private static Optional<String> allXFlag(CpuidLeaf l, int register) {
        for (Map.Entry<String, Bits> f : CpuidNames.valueFields().entrySet()) {
            Bits field = f.getValue();
            char[] o = CpuidSpec.overlay(f.getKey(), field, "x");
            if (field.leaf() == l.leaf() && Objects.equals(field.subleaf(), l.subleaf()) && field.register() == register
                    && IntStream.range(0, 32).allMatch(i -> o[i] == 0 || o[i] == 'x')) { // family=x writes zeros too
                return Optional.of(f.getKey() + "=x");
            }
        }
        return IntStream.range(0, 32).mapToObj(b -> CpuidNames.nameOf(new Bits(l.leaf(), l.subleaf(), register, b, 1)))
                .flatMap(Optional::stream).findFirst().map(name -> name + "=x");
    }

    /** The value that writes exactly {@code chars} where the field writes ({@code mask}). */
    private static String fieldValue(String name, Bits field, char[] chars, char[] mask, CpuidLeaf l) {
        List<String> candidates = new ArrayList<>(List.of("x", "k", "s"));
        if (name.equals("family") || name.equals("model")) { // split fields: try every value they can hold
            IntStream.range(0, 512).forEach(n -> candidates.add(String.valueOf(n)));
        } else {
            StringBuilder bits = new StringBuilder();
            IntStream.range(0, 32).filter(i -> mask[i] != 0).forEach(i -> bits.append(chars[i]));
            if (bits.chars().allMatch(c -> c == '0' || c == '1')) {
                candidates.add(Long.toUnsignedString(Long.parseUnsignedLong(bits.toString(), 2)));
            }
        }
        for (String v : candidates) {
            char[] o = CpuidSpec.overlay(name, field, v);
            if (IntStream.range(0, 32).allMatch(i -> o[i] == 0 || o[i] == chars[i])) {
                return v;
            }
        }
        throw unwritable("leaf " + hex(l.leaf()) + "'s " + name + " field, "
                + IntStream.range(0, 32).filter(i -> mask[i] != 0).mapToObj(i -> String.valueOf(chars[i]))
                .reduce("", String::concat) + ", is no value " + name + "= can give");
    }

    private static String singleBit(CpuidNames.Field field, char c, Supplier<String> where) {
        String name = CpuidNames.nameOf(field).orElseThrow(() -> unwritable(where.get() + " has no name"));
        if ("01xks".indexOf(c) < 0) {
            throw unwritable(where.get() + " is '" + c + "', which only xend's form can hold");
        }
        return name + "=" + c;
    }

    private static IllegalArgumentException unwritable(String why) {
        return new IllegalArgumentException("this CPUID policy has MSRs, so it needs libxl's cpuid= form, and "
                + why + "; xl.cfg cannot express it");
    }
}
