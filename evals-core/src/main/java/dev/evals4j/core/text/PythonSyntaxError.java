package dev.evals4j.core.text;

/**
 * A pattern or replacement template that CPython refuses, with CPython's message: {@code re.error}'s text, which
 * ends in "at position N" (and the line and column when the pattern has several lines) when CPython knows the
 * place.
 */
final class PythonSyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PythonSyntaxError(String message) {
        super(message, null, false, false);
    }

    /** CPython's {@code re.error(msg, pattern, pos)}; the position counts code points, as Python does. */
    static PythonSyntaxError at(String message, int[] pattern, int position) {
        StringBuilder sb = new StringBuilder(message).append(" at position ").append(position);
        int lines = 1;
        int lineStart = 0;
        boolean multiline = false;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] == '\n') {
                multiline = true;
                if (i < position) {
                    lines++;
                    lineStart = i + 1;
                }
            }
        }
        if (multiline) {
            sb.append(" (line ")
                    .append(lines)
                    .append(", column ")
                    .append(position - lineStart + 1)
                    .append(')');
        }
        return new PythonSyntaxError(sb.toString());
    }
}
