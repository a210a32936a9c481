package org.jxen.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jxen.config.CpuidNames.Bits;
import org.jxen.config.CpuidNames.MsrBit;
import org.jxen.config.DomainConfig.CpuidLeaf;
import org.jxen.config.DomainConfig.CpuidPolicy;
import org.jxen.config.DomainConfig.Msr;

/**
 * Reads {@code cpuid=} as xl 4.17 does: a string is libxl's form, {@code "host,NAME=VALUE,..."};
 * a list is xend's, lines of {@code "LEAF[,SUBLEAF]:eXx=BITS,..."} with 32 policy characters, bit
 * 31 first. A bad flag or line is not an error: xl prints it (the same two lines here, as
 * warnings) and goes on with the next, keeping any leaf it had already started (measured in the
 * oracle corpus, hvm-cpuid-*).
 */
final class CpuidSpec {
    private static final int NO_SUBLEAF = -1; // libxl's XEN_CPUID_INPUT_UNUSED, as a 32-bit value

    /** A leaf being built: its registers stay unset until a flag or line writes them. */
    private record Leaf(long leaf, Long subleaf, char[][] registers) {
        char[] register(int r) {
            if (registers[r] == null) {
                registers[r] = "x".repeat(32).toCharArray();
            }
            return registers[r];
        }
    }

    /** An MSR being built: 64 characters, bit 63 first, all 'x' from the start. */
    private record MsrPolicy(long index, char[] bits) {
    }

    private final List<Leaf> leaves = new ArrayList<>();
    private final List<MsrPolicy> msrs = new ArrayList<>();
    private final XlValues values;

    private CpuidSpec(XlValues values) {
        this.values = values;
    }

    /** The policy cpuid= asks for, or null when it sets nothing. */
    static CpuidPolicy read(XlValues values) {
        Optional<XlConfig.Setting> setting = values.config().get("cpuid");
        if (setting.isEmpty()) {
            return null;
        }
        CpuidSpec spec = new CpuidSpec(values);
        if (setting.get().value() instanceof Value.ListValue) {
            values.list("cpuid").orElseThrow().forEach(spec::xendLine);
        } else {
            values.string("cpuid").ifPresent(spec::libxlString);
        }
        return spec.policy();
    }

    private CpuidPolicy policy() {
        if (leaves.isEmpty() && msrs.isEmpty()) {
            return null;
        }
        List<CpuidLeaf> cpuid = leaves.stream().map(l -> new CpuidLeaf(l.leaf(), l.subleaf(),
                text(l.registers()[0]), text(l.registers()[1]), text(l.registers()[2]), text(l.registers()[3]))).toList();
        return new CpuidPolicy(cpuid, msrs.stream().map(m -> new Msr(m.index(), new String(m.bits()))).toList());
    }

    private static String text(char[] register) {
        return register == null ? null : new String(register);
    }

    private void warn(String what, String text, String error) {
        values.warn("cpuid", "while parsing CPUID " + what + ": \"" + text + "\":");
        values.warn("cpuid", "  " + error);
    }

    private void libxlString(String text) {
        List<String> words = Arrays.stream(text.split(",")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return;
        }
        if (!words.getFirst().equals("host")) {
            warn("string", text, "error: first word must be \"host\"");
            return;
        }
        for (String flag : words.subList(1, words.size())) {
            String error = flag(flag);
            if (error != null) {
                warn("flag", flag, error);
            }
        }
    }

    /** Applies NAME=VALUE; null, or xl's error. */
    private String flag(String flag) {
        int eq = flag.indexOf('=');
        if (eq < 0) {
            return "error #1: missing \"=\" in key=value";
        }
        String name = flag.substring(0, eq);
        String value = flag.substring(eq + 1);
        Optional<CpuidNames.Field> field = CpuidNames.lookup(name);
        if (field.isEmpty()) {
            return "error #2: unknown CPUID flag name";
        }
        boolean applied = switch (field.get()) {
            case Bits b -> setBits(name, b, value);
            case MsrBit m -> setMsrBit(m, value);
        };
        return applied ? null : "error #3: illegal CPUID value (must be: [0|1|x|k|s])";
    }

    private boolean setBits(String name, Bits field, String value) {
        Leaf leaf = leaf(field.leaf(), field.subleaf()); // libxl starts the leaf before it checks the value
        char[] overlay = overlay(name, field, value);
        if (overlay == null) {
            return false;
        }
        char[] register = leaf.register(field.register());
        for (int i = 0; i < 32; i++) {
            if (overlay[i] != 0) {
                register[i] = overlay[i];
            }
        }
        return true;
    }

    private boolean setMsrBit(MsrBit field, String value) {
        char[] policy = msr(field.index()); // started, all 'x', before the value is checked
        char[] c = flagCharacters(value, 1);
        if (c == null) {
            return false;
        }
        policy[63 - field.bit()] = c[0];
        return true;
    }

    /**
     * What NAME=VALUE writes into its register: 32 characters, bit 31 first, 0 where it writes
     * nothing; null when the value is illegal. A number gives its low bits; a character (x, k, s)
     * fills the field. family and model are split in two as CPUID leaf 1 splits them: the base
     * family takes 15 and the extended family the rest from 16 up; the model's high nibble is
     * the extended model.
     */
    static char[] overlay(String name, Bits field, String value) {
        char[] flags = flagCharacters(value, field.length());
        if (flags == null) {
            return null;
        }
        char[] out = new char[32];
        switch (name) {
            case "family" -> {
                long n = numberOrZero(value);
                if (Long.compareUnsigned(n, 16) < 0) {
                    place(out, 8, Arrays.copyOfRange(flags, 4, 8));
                    place(out, 20, "00000000".toCharArray());
                } else { // xl keeps the number's bit 7 as the extended family's top bit
                    char[] extended = binary(n - 15, 8);
                    extended[0] = flags[0];
                    place(out, 8, "1111".toCharArray());
                    place(out, 20, extended);
                }
            }
            case "model" -> {
                place(out, 16, Arrays.copyOfRange(flags, 0, 4));
                place(out, 4, Arrays.copyOfRange(flags, 4, 8));
            }
            default -> place(out, field.bit(), flags);
        }
        return out;
    }

    /** {@code bits} (highest first) at {@code lowBit} up of a register written bit 31 first. */
    private static void place(char[] register, int lowBit, char[] bits) {
        System.arraycopy(bits, 0, register, 32 - lowBit - bits.length, bits.length);
    }

    /** A number's low {@code length} bits, or a policy character repeated; null if neither. */
    private static char[] flagCharacters(String value, int length) {
        Long n = leadingNumber(value, 0);
        if (n != null) {
            return binary(n, length);
        }
        char c = value.isEmpty() ? 0 : value.charAt(0);
        if (c != 'x' && c != 'k' && c != 's') {
            return null;
        }
        char[] chars = new char[length];
        Arrays.fill(chars, c);
        return chars;
    }

    private static char[] binary(long n, int length) {
        char[] bits = new char[length];
        for (int i = 0; i < length; i++) {
            bits[length - 1 - i] = (n >>> i & 1) == 1 ? '1' : '0';
        }
        return bits;
    }

    private static long numberOrZero(String value) {
        Long n = leadingNumber(value, 0);
        return n == null ? 0 : n;
    }

    /** One xend line; a bad line stops where it goes wrong. */
    private void xendLine(String line) {
        String error = xendRegisters(line);
        if (error != null) {
            warn("line", line, error);
        }
    }

    private String xendRegisters(String line) {
        int[] end = new int[1];
        Long leaf = leadingNumber(line, 0, end);
        if (leaf == null) {
            return "error #1: illegal leaf number";
        }
        int pos = end[0];
        Long subleaf = null;
        if (pos < line.length() && line.charAt(pos) == ',') {
            subleaf = leadingNumber(line, pos + 1, end);
            if (subleaf == null) {
                return "error #2: illegal subleaf number";
            }
            pos = end[0];
        }
        if (pos >= line.length() || line.charAt(pos) != ':') {
            return "error #3: missing colon";
        }
        Leaf entry = leaf(leaf & 0xffffffffL, subleaf == null || (int) (long) subleaf == NO_SUBLEAF
                ? null : subleaf & 0xffffffffL);
        for (pos++; pos < line.length(); pos++) {
            int register = pos + 4 <= line.length() && line.charAt(pos) == 'e' && line.charAt(pos + 2) == 'x'
                    && line.charAt(pos + 3) == '=' ? "abcd".indexOf(line.charAt(pos + 1)) : -1;
            if (register < 0) {
                return "error #4: invalid register name (must be e[abcd]x)";
            }
            int valueEnd = line.indexOf(',', pos + 4);
            valueEnd = valueEnd < 0 ? line.length() : valueEnd;
            if (valueEnd - (pos + 4) != 32) {
                return "error #5: policy string must be exactly 32 characters long";
            }
            entry.registers()[register] = line.substring(pos + 4, valueEnd).toCharArray();
            pos = valueEnd;
        }
        return null;
    }

    private Leaf leaf(long leaf, Long subleaf) {
        for (Leaf l : leaves) {
            if (l.leaf() == leaf && Objects.equals(l.subleaf(), subleaf)) {
                return l;
            }
        }
        Leaf l = new Leaf(leaf, subleaf, new char[4][]);
        leaves.add(l);
        return l;
    }

    private char[] msr(long index) {
        for (MsrPolicy m : msrs) {
            if (m.index() == index) {
                return m.bits();
            }
        }
        MsrPolicy m = new MsrPolicy(index, "x".repeat(64).toCharArray());
        msrs.add(m);
        return m.bits();
    }

    private static Long leadingNumber(String s, int from) {
        return leadingNumber(s, from, new int[1]);
    }

    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * The number at the start of {@code s[from..]} as C's strtoull with base 0 reads it (spaces,
     * a sign, 0x hex or 0 octal, as many digits as there are; too big is all ones), with where it
     * ended in {@code end[0]}; null if there are no digits.
     */
    static Long leadingNumber(String s, int from, int[] end) {
        int i = from;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            if (i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
                radix = 16;
                i += 2;
            }
        } else if (s.startsWith("0", i)) {
            radix = 8;
        }
        int digits = i;
        while (digits < s.length() && Character.digit(s.charAt(digits), radix) >= 0 && s.charAt(digits) < 0x80) {
            digits++;
        }
        if (digits == i) {
            return null;
        }
        end[0] = digits;
        BigInteger v = new BigInteger(s.substring(i, digits), radix);
        if (v.compareTo(ULLONG_MAX) > 0) {
            return -1L;
        }
        return negative ? -v.longValue() : v.longValue();
    }
}
