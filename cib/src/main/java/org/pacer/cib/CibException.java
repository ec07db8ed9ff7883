package org.pacer.cib;

/**
 * An expected failure of the CIB library: malformed or hostile XML, an invalid document, a patch that
 * does not apply, a store that cannot be read. The message names the file, line, element or id.
 */
public class CibException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CibException(String message) {
        super(message);
    }

    public CibException(String message, Throwable cause) {
        super(message, cause);
    }
}
