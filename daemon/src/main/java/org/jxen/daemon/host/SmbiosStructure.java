package org.jxen.daemon.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One structure of an SMBIOS table (the DMI table the firmware hands the OS, which Linux shows at
 * {@code /sys/firmware/dmi/tables/DMI}), read as dmidecode reads it: a four-byte header (type,
 * length of the formatted part, handle), the formatted part, then its strings, each ended by a NUL
 * and the set by one more.
 *
 * @param type      the structure's type (0 BIOS, 1 system, 2 baseboard, 11 OEM strings, 127 end of table)
 * @param formatted the formatted part, header included
 * @param strings   the strings, the first being string 1
 */
public record SmbiosStructure(int type, byte[] formatted, List<byte[]> strings) {
    private static final int END_OF_TABLE = 127;

    /**
     * The structures of {@code table} up to its end-of-table structure, or up to the last whole
     * one where the table is cut short or broken (a formatted part shorter than its header), as
     * dmidecode stops there too.
     */
    public static List<SmbiosStructure> parse(byte[] table) {
        List<SmbiosStructure> out = new ArrayList<>();
        int at = 0;
        while (at + 4 <= table.length) {
            int type = table[at] & 0xff;
            int length = table[at + 1] & 0xff;
            if (length < 4 || at + length > table.length) {
                break;
            }
            int end = at + length;
            List<byte[]> strings = new ArrayList<>();
            int s = end;
            while (s < table.length && table[s] != 0) {
                int nul = s;
                while (nul < table.length && table[nul] != 0) {
                    nul++;
                }
                strings.add(Arrays.copyOfRange(table, s, nul));
                s = nul + 1;
            }
            // the set ends with two NULs (one of them the last string's); a structure without strings has both
            int next = strings.isEmpty() ? end + 2 : s + 1;
            if (next > table.length) {
                break;
            }
            out.add(new SmbiosStructure(type, Arrays.copyOfRange(table, at, end), List.copyOf(strings)));
            if (type == END_OF_TABLE) {
                break;
            }
            at = next;
        }
        return out;
    }

    /** Whether the formatted part reaches {@code length} bytes, as each field's decoding requires. */
    public boolean hasLength(int length) {
        return formatted.length >= length;
    }

    /** The byte at {@code offset} of the formatted part, unsigned. */
    public int byteAt(int offset) {
        return formatted[offset] & 0xff;
    }

    /**
     * The string the formatted byte at {@code offset} names, as dmidecode prints it: "Not
     * Specified" for string 0, "&lt;BAD INDEX&gt;" past the last, and every byte outside printable
     * ASCII shown as a dot.
     */
    public String stringAt(int offset) {
        return string(byteAt(offset));
    }

    /** String {@code n} (from 1), printed as {@link #stringAt} prints it. */
    public String string(int n) {
        if (n == 0) {
            return "Not Specified";
        }
        if (n > strings.size()) {
            return "<BAD INDEX>";
        }
        byte[] raw = strings.get(n - 1);
        char[] shown = new char[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xff;
            shown[i] = b < 32 || b >= 127 ? '.' : (char) b;
        }
        return new String(shown);
    }
}
