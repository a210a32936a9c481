package org.jxen.cli.xl;

import java.util.List;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/** The reason in a XenAPI error jxend sent, as one line for xl's messages. */
final class Failures {
    private Failures() {
    }

    static String reason(XenApiFailure e) {
        List<String> p = e.params();
        return switch (e.code()) {
            case ErrorCodes.HANDLE_INVALID -> p.size() == 2 && p.get(0).equals("domain")
                    ? "domain " + p.get(1) + " does not exist" : String.join(" ", e.description());
            case ErrorCodes.VALUE_NOT_SUPPORTED, ErrorCodes.INVALID_VALUE -> p.isEmpty() ? e.code() : p.getLast();
            case ErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY -> p.size() == 2 && p.stream().allMatch(Failures::isNumber)
                    ? "not enough free memory: the domain needs " + mib(p.get(0)) + " MiB, the host has " + mib(p.get(1))
                    + " MiB free" : p.isEmpty() ? e.code() : p.getFirst();
            case ErrorCodes.OPERATION_NOT_ALLOWED, ErrorCodes.INTERNAL_ERROR, ErrorCodes.DEVICE_ALREADY_ATTACHED,
                 ErrorCodes.DEVICE_ALREADY_DETACHED -> p.isEmpty() ? e.code() : p.getFirst();
            default -> String.join(" ", e.description());
        };
    }

    /** XAPI's HOST_NOT_ENOUGH_FREE_MEMORY says bytes: [needed, available]. */
    private static boolean isNumber(String s) {
        return s.matches("\\d{1,18}");
    }

    private static long mib(String bytes) {
        return Long.parseLong(bytes) >> 20;
    }
}
