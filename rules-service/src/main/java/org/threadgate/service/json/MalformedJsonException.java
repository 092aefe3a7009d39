package org.threadgate.service.json;

/** The body is not a single well-formed JSON object in UTF-8. */
public class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String message) {
        super(message);
    }
}
