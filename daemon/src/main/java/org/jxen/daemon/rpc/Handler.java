package org.jxen.daemon.rpc;

import org.jxen.api.XenApiFailure;

/** What runs one XenAPI message; returns the result as a wire value (null for void). */
@FunctionalInterface
public interface Handler {
    Object handle(Call call) throws XenApiFailure, InterruptedException;
}
