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

    /** vnc=, vnclisten=, vncdisplay= ...: a display may be named in vnclisten= ("HOST:N") or vncdisplay=, not both. */
    Vnc vnc() throws ConfigException {
        if (values.string("vnclisten").filter(l -> l.contains(":")).isPresent() && values.config().get("vncdisplay").isPresent()) {
            throw new ConfigException(values.config().get("vncdisplay").orElseThrow().position(),
                    "ERROR: Display specified both in vnclisten and vncdisplay!");
        }
        return new Vnc(values.bool("vnc").orElse(null), values.string("vnclisten").orElse(null),
                values.string("vncpasswd").orElse(null), values.nonZeroInteger("vncdisplay").orElse(null),
                values.bool("vncunused").orElse(null));
    }

    Sdl sdl() {
        return new Sdl(values.bool("sdl").orElse(null), values.bool("opengl").orElse(null),
                values.string("display").orElse(null), values.string("xauthority").orElse(null));
    }
}
