package dev.evals4j.scorers.ifeval;

import dev.evals4j.core.text.PythonRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text measures IFEval's checkers use, as NLTK computes them: words ({@code RegexpTokenizer(r"\w+")}, exact),
 * sentences (the Punkt sentence tokenizer with NLTK's English parameters) and word tokens ({@code word_tokenize}, the
 * Treebank rules).
 *
 * <p>Sentences follow Punkt's algorithm with the English model's abbreviation list, collocations and sentence starters
 * (NLTK's {@code punkt_tab/english}); its orthographic-context table (about 27,000 words learned from the Wall Street
 * Journal) is not shipped, so the decisions that need it — whether the word after an abbreviation, an initial or a
 * numbered item starts a sentence — use only the word's capitalisation: a capitalised word leaves the decision to the
 * first pass, a lower-case word never starts a sentence. Word tokens apply the Treebank tokenizer's rules that change
 * how many upper-case tokens a text has (punctuation split off, contractions such as {@code N'T} and {@code CANNOT}
 * split).
 */
public final class IfevalText {
    private IfevalText() {}

    private static final PythonRegex WORD = PythonRegex.compile("\\w+");

    /** {@code count_words}: the number of {@code \w+} runs (Unicode letters, digits, underscore). */
    public static int countWords(String text) {
        return WORD.findAll(text).size();
    }

    /** {@code count_sentences}: the number of sentences Punkt finds. */
    public static int countSentences(String text) {
        return sentences(text).size();
    }

    // --- Punkt, English parameters

    /** NLTK punkt_tab/english abbrev_types.txt. */
    static final Set<String> ABBREVIATIONS = Set.of(
            "ct", "m.j", "t", "a.c", "n.h", "ms", "p.a.m", "dr", "pa", "p.m", "u.k", "st", "dec", "u.s.a", "lt", "g.k",
            "adm", "p", "h.m", "ga", "tenn", "yr", "sen", "n.c", "j.j", "d.h", "s.g", "inc", "vs", "s.p.a", "a.t", "n",
            "feb", "sr", "jan", "s.a.y", "n.y", "col", "g.f", "c.o.m.b", "d", "ft", "va", "r.k", "e.f", "chg", "r.i",
            "a.g", "minn", "a.h", "k", "n.j", "m", "l.f", "f.j", "gen", "i.m.s", "s.a", "aug", "j.p", "okla", "m.d.c",
            "ltd", "oct", "s", "vt", "r.a", "j.c", "ariz", "w.w", "b.v", "ore", "h", "w.r", "e.h", "mrs", "cie", "corp",
            "w", "n.v", "a.d", "r.j", "ok", ". .", "e.m", "w.c", "ill", "nov", "u.s", "prof", "conn", "u.s.s.r", "mg",
            "f.g", "ph.d", "g", "calif", "messrs", "h.f", "wash", "tues", "sw", "bros", "u.n", "l", "wis", "mr", "sep",
            "d.c", "ave", "e.l", "co", "s.s", "reps", "c", "r.t", "h.c", "r", "wed", "a.s", "v", "fla", "jr", "r.h",
            "c.v", "m.b.a", "rep", "a.a", "e", "c.i.t", "l.a", "b.f", "j.b", "d.w", "j.k", "ala", "f", "w.va", "sept",
            "mich", "n.m", "j.r", "l.p", "s.c", "colo", "fri", "a.m", "g.d", "kan", "maj", "ky", "a.m.e", "n.d", "t.j",
            "cos", "nev");

    /** NLTK punkt_tab/english collocations.tab: a period inside these pairs ends no sentence. */
    static final Set<String> COLLOCATIONS = Set.of(
            "##number## international",
            "##number## rj",
            "##number## commodities",
            "##number## cooper",
            "b stewart",
            "##number## genentech",
            "##number## wedgestone",
            "i toussie",
            "##number## pepper",
            "j fialka",
            "o ludcke",
            "##number## insider",
            "##number## aes",
            "i magnin",
            "##number## credit",
            "##number## corrections",
            "##number## financing",
            "##number## henley",
            "##number## business",
            "##number## pay-fone",
            "b wigton",
            "b edelman",
            "b levine",
            "##number## leisure",
            "b smith",
            "j walter",
            "##number## pegasus",
            "##number## dividend",
            "j aron",
            "##number## review",
            "##number## abreast",
            "##number## who",
            "##number## letters",
            "##number## colgate",
            "##number## cbot",
            "##number## notable",
            "##number## zimmer");

    /** NLTK punkt_tab/english sent_starters.txt. */
    static final Set<String> SENTENCE_STARTERS = Set.of(
            "most",
            "he",
            "since",
            "so",
            "both",
            "these",
            "it",
            "nevertheless",
            "this",
            "indeed",
            "however",
            "instead",
            "under",
            "similarly",
            "some",
            "though",
            "while",
            "when",
            "in",
            "despite",
            "although",
            "nonetheless",
            "thus",
            "there",
            "if",
            "the",
            "nor",
            "separately",
            "moreover",
            "but",
            "they",
            "yet",
            "many",
            "according",
            "sales",
            "among",
            "meanwhile",
            "even",
            "i");

    private static final String NON_WORD = "(?:[)\";}\\]*:@'({\\[!?])";
    private static final String MULTI_CHAR = "(?:-{2,}|\\.{2,}|(?:\\.\\s){2,}\\.)";
    private static final Pattern PERIOD_CONTEXT =
            Pattern.compile("[.?!](?=(?<after>" + NON_WORD + "|\\s+(?<next>\\S+)))", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD_TOKEN = Pattern.compile(
            MULTI_CHAR + "|(?=[^(\"`{\\[:;&#*@)}\\]\\-,])\\S+?(?=\\s|$|" + NON_WORD + "|" + MULTI_CHAR + "|,(?=$|\\s|"
                    + NON_WORD + "|" + MULTI_CHAR + "))|\\S",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NUMBER = Pattern.compile("^-?[.,]?\\d[\\d,.-]*\\.?$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ELLIPSIS = Pattern.compile("\\.\\.+$");
    private static final Pattern INITIAL = Pattern.compile("[^\\W\\d]\\.$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern REALIGN = Pattern.compile("[\"')\\]}]+?(?:\\s+|(?=--)|$)");

    /** A word token of Punkt's annotation. */
    private static final class Token {
        final String tok;
        boolean sentbreak;
        boolean abbr;
        boolean ellipsis;

        Token(String tok) {
            this.tok = tok;
        }

        String type() {
            return NUMBER.matcher(tok.toLowerCase(Locale.ROOT)).replaceFirst("##number##");
        }

        String typeNoPeriod() {
            String t = type();
            return t.length() > 1 && t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        }

        String typeNoSentPeriod() {
            return sentbreak ? typeNoPeriod() : type();
        }

        boolean periodFinal() {
            return tok.endsWith(".");
        }

        boolean firstUpper() {
            return !tok.isEmpty() && Character.isUpperCase(tok.codePointAt(0));
        }

        boolean firstLower() {
            return !tok.isEmpty() && Character.isLowerCase(tok.codePointAt(0));
        }
    }

    /** The sentences of a text, as Punkt's {@code tokenize} gives them (their text, realigned). */
    static List<String> sentences(String text) {
        List<int[]> slices = new ArrayList<>();
        int lastBreak = 0;
        Matcher m = PERIOD_CONTEXT.matcher(text);
        int prevStart = 0;
        int prevStop = 0;
        int[] previous = null; // match start, end, next start (-1), context start
        String previousContext = null;
        List<Object[]> contexts = new ArrayList<>();
        while (m.find()) {
            String before = text.substring(prevStop, m.start());
            int lastSpace = lastWhitespace(before);
            int wordStart = lastSpace != 0 ? lastSpace + prevStop + 1 : prevStart;
            if (previous != null && prevStop <= wordStart) {
                contexts.add(new Object[] {previous, previousContext});
            }
            String after = m.group("after");
            previous = new int[] {m.start(), m.end(), m.group("next") != null ? m.start("next") : -1};
            previousContext = text.substring(wordStart, m.start()) + m.group() + after;
            prevStart = wordStart;
            prevStop = m.start();
        }
        if (previous != null) {
            contexts.add(new Object[] {previous, previousContext});
        }
        for (Object[] c : contexts) {
            int[] match = (int[]) c[0];
            if (containsSentbreak((String) c[1])) {
                slices.add(new int[] {lastBreak, match[1]});
                lastBreak = match[2] >= 0 ? match[2] : match[1];
            }
        }
        slices.add(new int[] {lastBreak, rstrip(text).length()});
        return realign(text, slices);
    }

    private static List<String> realign(String text, List<int[]> slices) {
        List<String> out = new ArrayList<>();
        int realign = 0;
        for (int i = 0; i < slices.size(); i++) {
            int start = Math.min(slices.get(i)[0] + realign, Math.max(slices.get(i)[1], slices.get(i)[0]));
            int stop = slices.get(i)[1];
            if (i + 1 == slices.size()) {
                if (stop > start) {
                    out.add(text.substring(start, stop));
                }
                break;
            }
            int[] next = slices.get(i + 1);
            String nextText = next[1] > next[0] ? text.substring(next[0], next[1]) : "";
            Matcher r = REALIGN.matcher(nextText);
            if (r.lookingAt()) {
                String moved = rstrip(r.group());
                out.add(text.substring(start, next[0] + moved.length()));
                realign = r.end();
            } else {
                realign = 0;
                if (stop > start) {
                    out.add(text.substring(start, stop));
                }
            }
        }
        return out;
    }

    /** Python's {@code string.whitespace}. */
    private static boolean isPyWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
    }

    /** Punkt's {@code _get_last_whitespace_index}: 0 also when there is none. */
    private static int lastWhitespace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (isPyWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** Python's {@code str.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(0, end);
    }

    private static boolean isSpace(int cp) {
        return dev.evals4j.core.text.PyText.isSpace(cp);
    }

    /** Punkt's {@code text_contains_sentbreak}: a token other than the last one ends a sentence. */
    private static boolean containsSentbreak(String context) {
        List<Token> tokens = new ArrayList<>();
        Matcher w = WORD_TOKEN.matcher(context);
        while (w.find()) {
            tokens.add(new Token(w.group()));
        }
        for (Token t : tokens) {
            firstPass(t);
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            secondPass(tokens.get(i), tokens.get(i + 1));
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).sentbreak) {
                return true;
            }
        }
        return false;
    }

    private static void firstPass(Token t) {
        String tok = t.tok;
        if (tok.equals(".") || tok.equals("?") || tok.equals("!")) {
            t.sentbreak = true;
        } else if (ELLIPSIS.matcher(tok).matches()) {
            t.ellipsis = true;
        } else if (t.periodFinal() && !tok.endsWith("..")) {
            String stem = tok.substring(0, tok.length() - 1).toLowerCase(Locale.ROOT);
            String[] dashed = stem.split("-", -1);
            if (ABBREVIATIONS.contains(stem) || ABBREVIATIONS.contains(dashed[dashed.length - 1])) {
                t.abbr = true;
            } else {
                t.sentbreak = true;
            }
        }
    }

    private static void secondPass(Token t1, Token t2) {
        if (!t1.periodFinal()) {
            return;
        }
        String typ = t1.typeNoPeriod();
        String nextTyp = t2.typeNoSentPeriod();
        boolean initial = INITIAL.matcher(t1.tok).matches();
        if (COLLOCATIONS.contains(typ + " " + nextTyp)) {
            t1.sentbreak = false;
            t1.abbr = true;
            return;
        }
        if ((t1.abbr || t1.ellipsis) && !initial) {
            Boolean starter = orthoHeuristic(t2);
            if (Boolean.TRUE.equals(starter)) {
                t1.sentbreak = true;
                return;
            }
            if (t2.firstUpper() && SENTENCE_STARTERS.contains(nextTyp)) {
                t1.sentbreak = true;
                return;
            }
        }
        if (initial || typ.equals("##number##")) {
            Boolean starter = orthoHeuristic(t2);
            if (Boolean.FALSE.equals(starter)) {
                t1.sentbreak = false;
                t1.abbr = true;
                return;
            }
            if (starter == null && initial && t2.firstUpper()) {
                // no orthographic evidence that the next word is ever lower-case: an initial (J. Bach)
                t1.sentbreak = false;
                t1.abbr = true;
            }
        }
    }

    /**
     * Punkt's orthographic heuristic without the learned table: punctuation starts no sentence, a lower-case word
     * neither (the table would say so unless the word was seen lower-case only at sentence starts), anything else is
     * unknown ({@code null}).
     */
    private static Boolean orthoHeuristic(Token t) {
        if (";:,.!?".contains(t.tok)) {
            return false;
        }
        if (t.firstUpper() && COMMON_LOWER.contains(t.typeNoSentPeriod())) {
            // the table has seen these frequent words in lower case and not capitalised mid-sentence
            return true;
        }
        if (t.firstLower()) {
            return false;
        }
        return null;
    }

    /**
     * Frequent English words written in lower case inside sentences: the part of Punkt's orthographic table that
     * decides most sentence starts after an abbreviation or an initial.
     */
    static final Set<String> COMMON_LOWER = Set.of(
            "the",
            "and",
            "of",
            "to",
            "a",
            "in",
            "is",
            "that",
            "it",
            "for",
            "you",
            "was",
            "with",
            "on",
            "as",
            "are",
            "be",
            "this",
            "have",
            "not",
            "but",
            "at",
            "by",
            "from",
            "or",
            "they",
            "we",
            "an",
            "which",
            "he",
            "she",
            "his",
            "her",
            "their",
            "there",
            "what",
            "can",
            "will",
            "would",
            "if",
            "all",
            "one",
            "about",
            "most",
            "since",
            "so",
            "both",
            "these",
            "nevertheless",
            "indeed",
            "however",
            "instead",
            "under",
            "similarly",
            "some",
            "though",
            "while",
            "when",
            "despite",
            "although",
            "nonetheless",
            "thus",
            "nor",
            "separately",
            "moreover",
            "yet",
            "many",
            "according",
            "among",
            "meanwhile",
            "even",
            "let's",
            "let",
            "please",
            "here",
            "now",
            "then",
            "today",
            "also",
            "just",
            "it's",
            "that's",
            "there's",
            "what's",
            "we're",
            "you're",
            "our",
            "your",
            "my",
            "its",
            "each",
            "every",
            "no",
            "yes",
            "do",
            "does",
            "did",
            "how",
            "why",
            "where",
            "who");

    // --- word_tokenize

    private static final List<Object[]> STARTING_QUOTES = List.of(
            rule("^\"", "``"),
            rule("(``)", " $1 "),
            rule("([ (\\[{<])(\"|'{2})", "$1 `` "),
            rule("(?i)(')(?!re|ve|ll|m|t|s|d|n)(\\w)\\b", "$1 $2"));
    private static final List<Object[]> PUNCTUATION = List.of(
            rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2$3 "),
            rule("([:,])([^\\d])", " $1 $2"),
            rule("([:,])$", " $1 "),
            rule("\\.{2,}", " $0 "),
            rule("[;@#$%&]", " $0 "),
            rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2$3 "),
            rule("[?!]", " $0 "),
            rule("([^'])' ", "$1 ' "),
            rule("[*]", " $0 "),
            rule("[\\]\\[(){}<>]", " $0 "),
            rule("--", " -- "));
    private static final List<Object[]> ENDING_QUOTES = List.of(
            rule("''", " '' "),
            rule("\"", " '' "),
            rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
            rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "),
            rule("(?i)\\b(can)(not)\\b", " $1 $2 "),
            rule("(?i)\\b(d)('ye)\\b", " $1 $2 "),
            rule("(?i)\\b(gim)(me)\\b", " $1 $2 "),
            rule("(?i)\\b(gon)(na)\\b", " $1 $2 "),
            rule("(?i)\\b(got)(ta)\\b", " $1 $2 "),
            rule("(?i)\\b(lem)(me)\\b", " $1 $2 "),
            rule("(?i)\\b(more)('n)\\b", " $1 $2 "),
            rule("(?i)\\b(wan)(na)(?=\\s)", " $1 $2 "),
            rule("(?i) ('t)(is)\\b", " $1 $2 "),
            rule("(?i) ('t)(was)\\b", " $1 $2 "));

    private static Object[] rule(String regex, String replacement) {
        return new Object[] {Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), replacement};
    }

    private static String apply(List<Object[]> rules, String text) {
        String s = text;
        for (Object[] r : rules) {
            s = ((Pattern) r[0]).matcher(s).replaceAll((String) r[1]);
        }
        return s;
    }

    /** {@code nltk.word_tokenize}: the Treebank tokens of each Punkt sentence. */
    public static List<String> wordTokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String sentence : sentences(text)) {
            String s = apply(STARTING_QUOTES, sentence);
            s = apply(PUNCTUATION, s);
            s = " " + s + " ";
            s = apply(ENDING_QUOTES, s);
            for (String t : s.trim().split("\\s+")) {
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }

    /** Python's {@code str.isupper()}: at least one cased character, and none lower-case or title-case. */
    public static boolean isUpper(String s) {
        return cased(s, Character::isUpperCase, Character::isLowerCase);
    }

    /** Python's {@code str.islower()}: at least one cased character, and none upper-case or title-case. */
    public static boolean isLower(String s) {
        return cased(s, Character::isLowerCase, Character::isUpperCase);
    }

    /** At least one character of the case wanted, and none of the other case nor title-case. */
    private static boolean cased(String s, IntPredicate wanted, IntPredicate other) {
        boolean found = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (other.test(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            found |= wanted.test(cp);
            i += Character.charCount(cp);
        }
        return found;
    }
}
