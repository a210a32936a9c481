package org.jxen.hv;

/**
 * What a guest printed on its console from a point on, as the bytes went through its ring (the
 * way xenconsoled logs them): {@code text} starts at offset {@code from} of everything the guest
 * printed (or later, when the start is no longer kept), {@code next} is where the next read starts.
 * The text may end in an unfinished line: a prompt, what is being typed at it.
 */
public record ConsoleOutput(String text, long from, long next) {
}
