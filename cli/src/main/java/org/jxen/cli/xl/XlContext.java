package org.jxen.cli.xl;

/** What every jxl subcommand takes from the top-level command: where jxend is. */
public interface XlContext {
    Connection connection();
}
