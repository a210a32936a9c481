package org.jxen.daemon.xva;

/** An XVA that cannot be imported: what is wrong with it, in words for the person who sent it. */
public final class XvaException extends Exception {
    public XvaException(String message) {
        super(message);
    }
}
