package org.jxen.toolstack;

/** What {@code control/shutdown} asks of a guest, with the word written there. */
public enum ShutdownRequest {
    POWEROFF("poweroff"), REBOOT("reboot"), HALT("halt"), SUSPEND("suspend");

    private final String word;

    ShutdownRequest(String word) {
        this.word = word;
    }

    /** The value written to {@code control/shutdown}. */
    public String word() {
        return word;
    }
}
