package dev.evals4j.hf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the files of each split the way the {@code datasets} library does: the {@code configs} of the dataset
 * card's YAML when it has them, else split names found in directory and file names, else everything as
 * {@code train}; and the format by the most common extension. The Hub's Parquet export has a fixed layout of its
 * own, {@code {config}/{split}/NNNN.parquet}.
 */
public final class DataFiles {
    /** The formats evals4j reads. */
    public static final Set<String> READABLE = Set.of("parquet", "jsonl", "json", "csv");

    private static final List<String> FORMAT_PRIORITY = List.of("parquet", "arrow", "jsonl", "json", "csv");
    private static final Map<String, List<String>> SPLIT_KEYWORDS = new LinkedHashMap<>();
    private static final Set<String> OTHER_DATA = Set.of(
            "tsv", "arrow", "txt", "tar", "zip", "lance", "zst", "bz2", "xz", "lz4", "7z", "jpg", "jpeg", "png", "gif",
            "webp", "bmp", "tif", "tiff", "wav", "mp3", "flac", "ogg", "m4a", "mp4", "avi", "mkv", "webm", "pdf", "xml",
            "h5", "hdf5", "npy", "npz", "sql", "xlsx", "gz");
    private static final Set<String> IGNORED_NAMES = Set.of(
            "readme.md",
            "dataset_info.json",
            "dataset_infos.json",
            "dataset_dict.json",
            "config.json",
            "state.json",
            "dummy_data.zip");
    private static final Pattern SHARDED = Pattern.compile("data/(\\w+?)-\\d{5}-of-\\d{5}[^/]*");
    private static final Pattern EXPORT_PART = Pattern.compile("(.+)-part\\d+");

    static {
        SPLIT_KEYWORDS.put("train", List.of("train", "training"));
        SPLIT_KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
        SPLIT_KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
    }

    private DataFiles() {}

    /** The result of looking at a repository's own files: a layout, or why its files cannot be read. */
    public record Choice(Optional<Layout> layout, String reason) {}

    /** The format of a file by its extension ({@code .gz} allowed on text formats), or empty for a non-data file. */
    public static Optional<String> formatOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        String base = gzip ? name.substring(0, name.length() - 3) : name;
        int dot = base.lastIndexOf('.');
        String ext = dot >= 0 ? base.substring(dot + 1) : "";
        String format =
                switch (ext) {
                    case "parquet", "geoparquet", "gpq" -> gzip ? "parquet.gz" : "parquet";
                    case "jsonl", "ndjson" -> "jsonl";
                    case "json" -> "json";
                    case "csv" -> "csv";
                    default -> OTHER_DATA.contains(ext) ? ext : null;
                };
        return Optional.ofNullable(format);
    }

    private static boolean ignored(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("__")) {
                return true;
            }
        }
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return IGNORED_NAMES.contains(name) || formatOf(path).isEmpty();
    }

    /** The splits of a repository's own data files, or why they cannot be read. */
    public static Choice fromRepository(RepoInfo info) {
        List<RepoFile> candidates = new ArrayList<>();
        for (RepoFile f : info.files()) {
            if (!ignored(f.path())) {
                candidates.add(f);
            }
        }
        JsonNode configs = info.cardData().path("configs");
        Map<String, Map<String, List<RepoFile>>> byConfig = new LinkedHashMap<>();
        Optional<String> defaultConfig = Optional.empty();
        if (configs.isArray() && !configs.isEmpty()) {
            for (JsonNode config : configs) {
                String name = config.path("config_name").asText("default");
                if (config.path("default").asBoolean(false)) {
                    defaultConfig = Optional.of(name);
                }
                String dataDir = config.path("data_dir").asText("");
                List<RepoFile> under = dataDir.isEmpty() ? candidates : under(candidates, dataDir);
                JsonNode dataFiles = config.path("data_files");
                Map<String, List<RepoFile>> splits = dataFiles.isMissingNode() || dataFiles.isNull()
                        ? inferSplits(under, dataDir)
                        : splitsFromPatterns(dataFiles, under, dataDir);
                byConfig.put(name, splits);
            }
        } else if (!candidates.isEmpty()) {
            byConfig.put("default", inferSplits(candidates, ""));
        }
        if (byConfig.isEmpty() || byConfig.values().stream().allMatch(Map::isEmpty)) {
            return new Choice(Optional.empty(), "it has no data files");
        }
        List<SplitFiles> splits = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<RepoFile>>> config : byConfig.entrySet()) {
            for (Map.Entry<String, List<RepoFile>> split : config.getValue().entrySet()) {
                String format = majorityFormat(split.getValue());
                if (!READABLE.contains(format)) {
                    return new Choice(
                            Optional.empty(),
                            "the split " + split.getKey() + " of the config " + config.getKey()
                                    + " is in a format evals4j does not read (" + format + ")");
                }
                List<RepoFile> files = new ArrayList<>();
                for (RepoFile f : split.getValue()) {
                    if (format.equals(formatOf(f.path()).orElse(""))) {
                        files.add(f);
                    }
                }
                files.sort(Comparator.comparing(RepoFile::path, DataFiles::naturalOrder));
                splits.add(new SplitFiles(config.getKey(), split.getKey(), format, files, false));
            }
        }
        if (defaultConfig.isEmpty()) {
            defaultConfig = defaultOf(byConfig.keySet());
        }
        return new Choice(Optional.of(new Layout(Layout.REPOSITORY, info.commit(), defaultConfig, splits)), "");
    }

    private static Optional<String> defaultOf(Set<String> configs) {
        if (configs.size() == 1) {
            return Optional.of(configs.iterator().next());
        }
        return configs.contains("default") ? Optional.of("default") : Optional.empty();
    }

    /**
     * The splits of the Hub's Parquet export: files {@code {config}/{split}/NNNN.parquet}, with
     * {@code partial-{split}} for a split cut at about 5 GB and {@code {split}-part{k}} for very many shards.
     *
     * @param defaultHint the default config that the main branch's card names, if any
     */
    public static Layout fromExport(RepoInfo export, Optional<String> defaultHint) {
        Map<String, Map<String, List<RepoFile>>> byConfig = new TreeMap<>();
        Map<String, Boolean> partial = new HashMap<>();
        for (RepoFile f : export.files()) {
            String[] segments = f.path().split("/");
            if (segments.length != 3 || !segments[2].endsWith(".parquet")) {
                continue;
            }
            String dir = segments[1];
            boolean isPartial = dir.startsWith("partial-");
            String split = isPartial ? dir.substring("partial-".length()) : dir;
            Matcher part = EXPORT_PART.matcher(split);
            if (part.matches()) {
                split = part.group(1);
            }
            byConfig.computeIfAbsent(segments[0], k -> new TreeMap<>())
                    .computeIfAbsent(split, k -> new ArrayList<>())
                    .add(f);
            if (isPartial) {
                partial.put(segments[0] + "/" + split, true);
            }
        }
        List<SplitFiles> splits = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<RepoFile>>> config : byConfig.entrySet()) {
            for (Map.Entry<String, List<RepoFile>> split : config.getValue().entrySet()) {
                List<RepoFile> files = new ArrayList<>(split.getValue());
                files.sort(Comparator.comparing(RepoFile::path, DataFiles::naturalOrder));
                splits.add(new SplitFiles(
                        config.getKey(),
                        split.getKey(),
                        "parquet",
                        files,
                        partial.getOrDefault(config.getKey() + "/" + split.getKey(), false)));
            }
        }
        Optional<String> defaultConfig =
                defaultHint.filter(byConfig::containsKey).or(() -> defaultOf(byConfig.keySet()));
        return new Layout(Layout.PARQUET_EXPORT, export.commit(), defaultConfig, splits);
    }

    /**
     * The rows and bytes per config and split that the card's {@code dataset_info} declares:
     * config → split → {num_examples, num_bytes}, -1 where absent.
     */
    public static Map<String, Map<String, long[]>> declaredSizes(JsonNode cardData) {
        Map<String, Map<String, long[]>> out = new HashMap<>();
        JsonNode infos = cardData.path("dataset_info");
        List<JsonNode> list = new ArrayList<>();
        if (infos.isArray()) {
            infos.forEach(list::add);
        } else if (infos.isObject()) {
            list.add(infos);
        }
        for (JsonNode info : list) {
            String config = info.path("config_name").asText("default");
            for (JsonNode split : info.path("splits")) {
                out.computeIfAbsent(config, k -> new HashMap<>())
                        .put(split.path("name").asText(), new long[] {
                            split.path("num_examples").asLong(-1),
                            split.path("num_bytes").asLong(-1)
                        });
            }
        }
        return out;
    }

    private static List<RepoFile> under(List<RepoFile> files, String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        List<RepoFile> out = new ArrayList<>();
        for (RepoFile f : files) {
            if (f.path().startsWith(prefix)) {
                out.add(f);
            }
        }
        return out;
    }

    /** A card's {@code data_files}: a pattern, a list of them, a list of {split, path}, or a map split → path(s). */
    private static Map<String, List<RepoFile>> splitsFromPatterns(
            JsonNode dataFiles, List<RepoFile> files, String dataDir) {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        if (dataFiles.isTextual()) {
            patterns.put("train", List.of(dataFiles.asText()));
        } else if (dataFiles.isArray()) {
            for (JsonNode entry : dataFiles) {
                if (entry.isTextual()) {
                    patterns.computeIfAbsent("train", k -> new ArrayList<>()).add(entry.asText());
                } else {
                    patterns.computeIfAbsent(entry.path("split").asText("train"), k -> new ArrayList<>())
                            .addAll(texts(entry.path("path")));
                }
            }
        } else if (dataFiles.isObject()) {
            dataFiles.properties().forEach(e -> patterns.put(e.getKey(), texts(e.getValue())));
        }
        Map<String, List<RepoFile>> splits = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> split : patterns.entrySet()) {
            List<RepoFile> matched = new ArrayList<>();
            for (String pattern : split.getValue()) {
                String full = dataDir.isEmpty() ? pattern : dataDir.replaceAll("/+$", "") + "/" + pattern;
                Pattern regex = glob(full);
                Pattern dir = glob(full.replaceAll("/+$", "") + "/**");
                boolean literal = !full.matches(".*[*?\\[].*");
                for (RepoFile f : files) {
                    if (!matched.contains(f)
                            && (regex.matcher(f.path()).matches()
                                    || literal && dir.matcher(f.path()).matches())) {
                        matched.add(f);
                    }
                }
            }
            if (!matched.isEmpty()) {
                splits.put(split.getKey(), matched);
            }
        }
        return splits;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Splits by name, without a card: sharded {@code data/{split}-NNNNN-of-NNNNN}, then directory names, then file names. */
    static Map<String, List<RepoFile>> inferSplits(List<RepoFile> files, String dataDir) {
        Map<String, List<RepoFile>> sharded = new TreeMap<>();
        String prefix = dataDir.isEmpty() ? "" : dataDir.replaceAll("/+$", "") + "/";
        for (RepoFile f : files) {
            Matcher m = SHARDED.matcher(f.path().substring(prefix.length()));
            if (m.matches()) {
                sharded.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            }
        }
        if (!sharded.isEmpty()) {
            return ordered(sharded);
        }
        for (boolean directories : new boolean[] {true, false}) {
            Map<String, List<RepoFile>> found = new LinkedHashMap<>();
            for (RepoFile f : files) {
                String[] segments = f.path().substring(prefix.length()).split("/");
                splitOf(segments, directories).ifPresent(s -> found.computeIfAbsent(s, k -> new ArrayList<>())
                        .add(f));
            }
            if (!found.isEmpty()) {
                return ordered(found);
            }
        }
        return files.isEmpty() ? Map.of() : Map.of("train", files);
    }

    private static Optional<String> splitOf(String[] segments, boolean directories) {
        for (Map.Entry<String, List<String>> split : SPLIT_KEYWORDS.entrySet()) {
            for (String keyword : split.getValue()) {
                Pattern word = Pattern.compile("(?i)(?:.*[-._ 0-9])?" + keyword + "(?:[-._ 0-9].*)?");
                if (directories) {
                    for (int i = 0; i < segments.length - 1; i++) {
                        if (word.matcher(segments[i]).matches()) {
                            return Optional.of(split.getKey());
                        }
                    }
                } else if (word.matcher(segments[segments.length - 1]).matches()) {
                    return Optional.of(split.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** train, validation, test first, in that order, then the other names sorted. */
    private static Map<String, List<RepoFile>> ordered(Map<String, List<RepoFile>> splits) {
        Map<String, List<RepoFile>> out = new LinkedHashMap<>();
        for (String known : SPLIT_KEYWORDS.keySet()) {
            if (splits.containsKey(known)) {
                out.put(known, splits.get(known));
            }
        }
        new TreeMap<>(splits).forEach(out::putIfAbsent);
        return out;
    }

    private static String majorityFormat(List<RepoFile> files) {
        Map<String, Integer> counts = new HashMap<>();
        for (RepoFile f : files) {
            formatOf(f.path()).ifPresent(fmt -> counts.merge(fmt, 1, Integer::sum));
        }
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(e -> -priority(e.getKey()))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElse("none");
    }

    private static int priority(String format) {
        int i = FORMAT_PRIORITY.indexOf(format);
        return i >= 0 ? i : FORMAT_PRIORITY.size();
    }

    /** A glob of the {@code datasets} library as a regular expression: {@code *}, {@code **}, {@code ?}, {@code [..]}. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String set = glob.substring(i + 1, end);
                    re.append('[')
                            .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                            .append(']');
                    i = end;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Compares paths with runs of digits as numbers, so {@code train-part2} comes before {@code train-part10}. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int cmp = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (cmp != 0) {
                    return cmp;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
