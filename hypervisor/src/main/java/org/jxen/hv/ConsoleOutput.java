package org.jxen.hv;

import java.util.ArrayList;
import java.util.List;

/**
 * What a guest printed on its console from a point on, as the bytes went through its ring (the
 * way xenconsoled logs them): {@code text} starts at offset {@code from} of everything the guest
 * printed (or later, when the start is no longer kept), {@code next} is where the next read starts.
 * The text may end in an unfinished line: a prompt, what is being typed at it.
 */
public record ConsoleOutput(String text, long from, long next) {
    /** The finished lines of {@code text}, without their "\r\n"; a first line cut by the kept window is left out. */
    public List<String> lines(boolean startsAtALine) {
        List<String> lines = new ArrayList<>();
        int at = 0;
        if (!startsAtALine) {
            at = text.indexOf("\r\n") + 2;
            if (at == 1) {
                return lines;
            }
        }
        for (int end = text.indexOf("\r\n", at); end >= 0; end = text.indexOf("\r\n", at)) {
            lines.add(text.substring(at, end));
            at = end + 2;
        }
        return lines;
    }
}
