package org.jxen.xen;

/** This machine cannot do what was asked through Xen: no hypervisor, no device, or no library. */
public final class XenUnavailableException extends RuntimeException {
    public XenUnavailableException(String message) {
        super(message);
    }
}
