package org.pacer.cib;

/** Where something stood in a parsed file: for error messages only, never part of equality. */
public record SourcePosition(String source, int line, int column) {
    public static final SourcePosition UNKNOWN = new SourcePosition(null, -1, -1);

    public boolean known() {
        return line > 0;
    }

    /** {@code file:line:column}, or as much of it as is known. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source == null ? "<input>" : source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        return text.toString();
    }
}
