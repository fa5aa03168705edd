package dev.evals4j.scorers.ifeval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The language of a response, named by the ISO 639-1 codes {@code langdetect} uses ({@code en}, {@code hi}, {@code
 * zh-cn} …), for IFEval's {@code language:response_language}, {@code change_case:english_capital} and {@code
 * change_case:english_lowercase}.
 *
 * <p>The reference uses {@code langdetect}, a character n-gram model of 55 languages that samples at random (unseeded in
 * IFEval, so a borderline text can get another answer on another run). evals4j decides by rules instead, which agree
 * with it on clear texts: the writing system with the most letters names the language where only one language of
 * IFEval's list uses it (Hangul, Thai, Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam, Greek, Hebrew,
 * Japanese kana, Chinese); letters only one language has tell Arabic, Persian and Urdu apart, and Russian, Ukrainian and
 * Bulgarian; frequent function words decide between the languages of the Latin and Devanagari scripts (and the Cyrillic
 * ones left). A text without letters has no language ({@code langdetect} raises, and the reference counts the
 * instruction as followed).
 */
public final class LanguageGuess {
    private LanguageGuess() {}

    /** Function words by language, for the scripts several languages share; the first language wins a tie. */
    private static final Map<String, Set<String>> LATIN = new LinkedHashMap<>();

    private static final Map<String, Set<String>> DEVANAGARI = new LinkedHashMap<>();
    private static final Map<String, Set<String>> CYRILLIC = new LinkedHashMap<>();

    static {
        LATIN.put(
                "en",
                words("the and of to a in is that it for you was with on as are be this have not but at by"
                        + " from or they we an which he she his her their there what can will would if all one about"));
        LATIN.put(
                "de",
                words("der die das und ist nicht ich sie es zu den mit ein eine sich auf dem des auch für"
                        + " von wird werden sind wie im in oder aber wenn noch nach bei einer kann"));
        LATIN.put(
                "fr",
                words("le la les et est des une un pas que qui dans pour en du sur au avec ce il elle nous"
                        + " vous sont mais ou être plus cette aux par"));
        LATIN.put(
                "es",
                words("el la los las y es de que en un una por con no se para del al lo como más pero sus"
                        + " está son este esta también ser"));
        LATIN.put(
                "it",
                words("il la le di che è e un una per non sono gli del della con si da come anche questo"
                        + " nel alla ma più dei essere questa in sul nella"));
        LATIN.put(
                "pt",
                words("o a os as e é de que um uma não em para com do da dos das se por mais como mas"
                        + " são ao também seu sua está"));
        LATIN.put(
                "nl",
                words("de het een en van is dat niet ik je zijn op te met voor er maar ook als aan bij"
                        + " worden wordt hij zij naar in"));
        LATIN.put(
                "sv",
                words("och att det som en är på av för med inte till den har de jag om ett var men så"
                        + " kan från eller också"));
        LATIN.put(
                "da",
                words("og at det som en er på af for med ikke til den har de jeg om et var men så kan"
                        + " fra eller også"));
        LATIN.put(
                "no",
                words("og å det som en er på av for med ikke til den har de jeg om et var men så kan fra"
                        + " eller også ikkje"));
        LATIN.put(
                "fi",
                words("ja on ei se että oli hän mutta ovat tai kun niin kuin myös jo sitä tämä ole olla"
                        + " mitä voi vain sen joka"));
        LATIN.put(
                "pl",
                words("i w nie na się z jest to że do jak o co ale za od po tak jego już tylko przez są"
                        + " być może dla"));
        LATIN.put(
                "tr",
                words("ve bir bu da de için ile olarak çok daha ne gibi var ama en olan değil kadar ben"
                        + " sen o biz mi"));
        LATIN.put(
                "id",
                words("dan yang di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada"
                        + " saya kita mereka atau bisa adalah"));
        LATIN.put(
                "sw",
                words("na ya wa kwa ni katika za la kuwa hii hiyo yake cha vya kama lakini pia au sana"
                        + " wake watu kila"));
        LATIN.put(
                "vi",
                words("và của là có không những được trong cho một các với này người để đã khi thì từ"
                        + " cũng như về đó rất"));
        LATIN.put("ro", words("și în de la cu pe nu este care o un mai că din se ca sunt pentru"));
        LATIN.put("cs", words("a je to v se na že s z do jsou ale jak pro by jsem není také"));
        LATIN.put("hu", words("a az és hogy nem is egy ez van meg de csak már mint vagy volt"));
        LATIN.put("tl", words("ang ng sa na at mga ay si ako ko mo hindi para kung siya ito"));
        LATIN.put("ca", words("el la els les i és de que en un una per amb no es del al com"));
        DEVANAGARI.put("hi", words("है और के की में से का को हैं यह पर एक भी नहीं था कि लिए तो हो"));
        DEVANAGARI.put("mr", words("आहे आणि या हे की ते आहेत मध्ये करण्यासाठी नाही होते त्या एक व तो"));
        DEVANAGARI.put("ne", words("छ र को मा हो पनि गर्न छन् यो भएको लागि हुन्छ थियो गरेको एक"));
        CYRILLIC.put("ru", words("и в не что на он с как это я по но из к у за от так же вы мы"));
        CYRILLIC.put("bg", words("и в не на се да е за от че с са по как това той но със ще"));
        CYRILLIC.put("uk", words("і в не що на він з як це я по але із до у за від так ви ми"));
    }

    private static Set<String> words(String list) {
        return Set.of(list.split(" "));
    }

    /** The writing systems IFEval's languages use, and the language a script alone names. */
    private static final List<String[]> SINGLE_LANGUAGE_SCRIPTS = List.of(
            new String[] {"HANGUL", "ko"},
            new String[] {"THAI", "th"},
            new String[] {"BENGALI", "bn"},
            new String[] {"GURMUKHI", "pa"},
            new String[] {"GUJARATI", "gu"},
            new String[] {"TAMIL", "ta"},
            new String[] {"TELUGU", "te"},
            new String[] {"KANNADA", "kn"},
            new String[] {"MALAYALAM", "ml"},
            new String[] {"GREEK", "el"},
            new String[] {"HEBREW", "he"});

    /** The language of a text, or empty when it has no letters. */
    public static Optional<String> detect(String text) {
        Map<String, Integer> scripts = new LinkedHashMap<>();
        boolean kana = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                kana = true;
                scripts.merge("HAN", 1, Integer::sum);
            } else {
                scripts.merge(script.name(), 1, Integer::sum);
            }
        }
        if (scripts.isEmpty()) {
            return Optional.empty();
        }
        String top = scripts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        for (String[] single : SINGLE_LANGUAGE_SCRIPTS) {
            if (single[0].equals(top)) {
                return Optional.of(single[1]);
            }
        }
        return Optional.of(
                switch (top) {
                    case "HAN" -> kana ? "ja" : "zh-cn";
                    case "ARABIC" -> arabicScript(text);
                    case "CYRILLIC" -> cyrillic(text);
                    case "DEVANAGARI" -> byWords(text, DEVANAGARI);
                    default -> latin(text);
                });
    }

    private static String arabicScript(String text) {
        // letters of Urdu (ٹ ڈ ڑ ں ے ھ) and of Persian (پ چ ژ گ ی ک), which Arabic does not use
        if (text.codePoints().anyMatch(c -> c == 0x0679 || c == 0x0688 || c == 0x0691 || c == 0x06BA || c == 0x06D2)) {
            return "ur";
        }
        if (text.codePoints()
                .anyMatch(
                        c -> c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06CC || c == 0x06A9)) {
            return "fa";
        }
        return "ar";
    }

    private static String cyrillic(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.codePoints().anyMatch(c -> c == 'ї' || c == 'є' || c == 'ґ' || c == 'і')) {
            return "uk";
        }
        if (lower.codePoints().anyMatch(c -> c == 'ы' || c == 'э' || c == 'ё')) {
            return "ru";
        }
        return byWords(text, CYRILLIC);
    }

    private static String latin(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        // Vietnamese letters no other language of the list writes
        long vietnamese = lower.codePoints()
                .filter(c -> "ăơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".indexOf(c) >= 0)
                .count();
        if (vietnamese >= 3) {
            return "vi";
        }
        return byWords(text, LATIN);
    }

    private static String byWords(String text, Map<String, Set<String>> languages) {
        Map<String, Integer> hits = new LinkedHashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{M}']+")) {
            if (word.isEmpty()) {
                continue;
            }
            languages.forEach((language, set) -> {
                if (set.contains(word)) {
                    hits.merge(language, 1, Integer::sum);
                }
            });
        }
        String best = languages.keySet().iterator().next();
        int most = 0;
        for (String language : languages.keySet()) {
            int n = hits.getOrDefault(language, 0);
            if (n > most) {
                most = n;
                best = language;
            }
        }
        return best;
    }
}
