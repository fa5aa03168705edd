package dev.evals4j.core.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/** Escaping for HTML text and attributes, and for JSON embedded in a page's {@code <script>} element. */
final class Html {
    private Html() {}

    /** Text safe in an element or a quoted attribute: {@code & < > " '} as entities. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String entity =
                    switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '>' -> "&gt;";
                        case '"' -> "&quot;";
                        case '\'' -> "&#39;";
                        default -> null;
                    };
            if (entity != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(entity);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * JSON escapes that let JSON sit inside {@code <script type="application/json">}: {@code <}, {@code >} and
     * {@code &} are written as {@code \u003c}, {@code \u003e} and {@code \u0026}, so no text can close the element
     * ({@code </script>}) or open a comment ({@code <!--}); U+2028 and U+2029 are escaped too.
     */
    static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        ScriptSafeEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii['<'] = CharacterEscapes.ESCAPE_STANDARD;
            ascii['>'] = CharacterEscapes.ESCAPE_STANDARD;
            ascii['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }

        /** Sets these escapes on a generator. */
        static JsonGenerator on(JsonGenerator g) {
            g.setCharacterEscapes(new ScriptSafeEscapes());
            return g;
        }
    }
}
