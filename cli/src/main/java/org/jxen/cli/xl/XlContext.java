package org.jxen.cli.xl;

/** What every jxl subcommand takes from the top level: where jxend is, and whether this is a dry run ({@code -N}). */
public interface XlContext {
    Connection connection() throws XlFailure;

    boolean dryRun();
}
