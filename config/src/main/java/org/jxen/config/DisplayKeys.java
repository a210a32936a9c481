package org.jxen.config;

import org.jxen.config.DomainConfig.Sdl;
import org.jxen.config.DomainConfig.Vnc;

/**
 * The display keys of xl.cfg(5) (vnc*, sdl, opengl, display, xauthority): an HVM guest's
 * emulated display, or for a PV guest the framebuffer device xl makes of them.
 */
final class DisplayKeys {
    private final XlValues values;

    DisplayKeys(XlValues values) {
        this.values = values;
    }

    /**
     * Whether xl makes a PV guest's framebuffer of these keys: only for a VNC display ({@code sdl=1}
     * alone makes none, measured), which then takes the SDL keys too.
     */
    boolean vncAsked() {
        return values.bool("vnc").orElse(false);
    }

    /** An HVM guest's display may be named in vnclisten= ("HOST:N") or vncdisplay=, not both (xl checks no other guest's). */
    void checkDisplayNamedOnce() throws ConfigException {
        boolean inListen = values.config().get("vnclisten").map(XlConfig.Setting::value)
                .filter(v -> v instanceof Value.Atom a && a.text().contains(":")).isPresent();
        if (inListen && values.numberQuietly("vncdisplay").filter(n -> n != 0).isPresent()) {
            throw new ConfigException(values.config().get("vncdisplay").orElseThrow().position(),
                    "ERROR: Display specified both in vnclisten and vncdisplay!");
        }
    }

    /** vnc=, vnclisten=, vncdisplay= ... as xl reads them for a display. */
    Vnc vnc() {
        return new Vnc(values.bool("vnc").orElse(null), values.string("vnclisten").orElse(null),
                values.string("vncpasswd").orElse(null), values.nonZeroInteger("vncdisplay").orElse(null),
                values.bool("vncunused").orElse(null));
    }

    Sdl sdl() {
        return new Sdl(values.bool("sdl").orElse(null), values.bool("opengl").orElse(null),
                values.string("display").orElse(null), values.string("xauthority").orElse(null));
    }
}
