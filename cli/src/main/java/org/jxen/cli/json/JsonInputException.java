package org.jxen.cli.json;

/**
 * Input that cannot be used. The message says where ({@code FILE:LINE:COL: path:} for a JSON
 * value) and what is wrong, and what to do about it where that is not obvious.
 */
public final class JsonInputException extends Exception {
    public JsonInputException(String message) {
        super(message);
    }
}
