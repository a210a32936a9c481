package org.jxen.cli.sim;

/** A scenario that cannot be read or run; the message names the file and the place in it. */
public final class ScenarioException extends Exception {
    public ScenarioException(String message) {
        super(message);
    }
}
