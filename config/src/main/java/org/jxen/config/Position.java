package org.jxen.config;

/** A place in a config file: 1-based line and column. */
public record Position(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }

    /** Line and column only, for pointing back within the same file. */
    public String lineColumn() {
        return line + ":" + column;
    }
}
