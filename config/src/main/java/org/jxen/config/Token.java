package org.jxen.config;

/** One lexical token of an xl.cfg file; {@code text} is a key, a dequoted string or a number as written. */
record Token(Kind kind, String text, Position position) {
    enum Kind {
        KEY("a key"),
        STRING("a string"),
        NUMBER("a number"),
        EQUALS("'='"),
        PLUS_EQUALS("'+='"),
        COMMA("','"),
        OPEN("'['"),
        CLOSE("']'"),
        SEMICOLON("';'"),
        NEWLINE("the end of the line"),
        END("the end of the file");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** How an error message names what was found. */
    String describe() {
        return switch (kind) {
            case KEY -> "'" + text + "'";
            case STRING -> "the string \"" + text + "\"";
            case NUMBER -> "the number " + text;
            default -> kind.description;
        };
    }
}
