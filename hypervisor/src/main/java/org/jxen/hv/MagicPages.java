package org.jxen.hv;

/** The guest pages of a domain's console ring and XenStore ring (libxl's "magic" pages). */
public record MagicPages(long consoleGfn, long xenstoreGfn) {
}
