package io.tessera.pipeline.text;

import io.tessera.contract.Interaction;
import io.tessera.contract.Review;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.segment.cluster.ClusterQuality;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import io.tessera.text.LabelledTexts;
import io.tessera.text.Language;
import io.tessera.text.TextTokens;
import io.tessera.text.TopicModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Times and judges the topic model alone ({@link TopicModel#fit}, per language) on one corpus, for
 * before/after comparisons of the topic choice: the texts are analysed first (untimed), then each
 * language's fit is timed (wall and process CPU). Prints the chosen k, the coherence per k, each
 * topic's size and first words, the mean NPMI of the final topics' top 10 words measured on all the
 * corpus's documents (not only the fit's sample), the adjusted Rand index against a truth where the
 * corpus has one, and writes each document's topic to {@code OUT/<lang>.topics} so two runs can be
 * compared ({@code compare}: the adjusted Rand index between them). Not a test: figures are
 * printed, never asserted.
 *
 * <pre>
 * TopicBench store STORE.duckdb DATA_DIR OUT   the text stage's texts (STORE is copied to OUT first)
 * TopicBench shop SEED CUSTOMERS OUT           a generated shop; truth: the planted topics
 * TopicBench uci DIR OUT                       UCI's 3,000 sentences; truth: amazon / imdb / yelp
 * TopicBench nsmc FILE OUT                     NSMC's Korean reviews; no truth
 * TopicBench compare OUT_A OUT_B               adjusted Rand index of each language's topics
 * </pre>
 */
public final class TopicBench {
  private TopicBench() {}

  /** A corpus: texts and, where known, a true group per text (-1 unknown). */
  private record Corpus(List<String> texts, int[] truth) {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "compare" -> {
        compare(Path.of(args[1]), Path.of(args[2]));
        return;
      }
      case "store" -> run(fromStore(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])), args[3]);
      case "shop" ->
          run(
              fromShop(Long.parseLong(args[1]), Integer.parseInt(args[2]), Path.of(args[3])),
              args[3]);
      case "uci" -> run(fromUci(Path.of(args[1])), args[2]);
      case "nsmc" -> {
        List<String> texts = new ArrayList<>();
        LabelledTexts.read(Path.of(args[1])).forEach(l -> texts.add(l.text()));
        run(new Corpus(texts, null), args[2]);
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void run(Corpus corpus, String outDir) throws IOException {
    Path out = Path.of(outDir);
    Files.createDirectories(out);
    TextTokens tokens = new TextTokens();
    List<TextTokens.Analysed> analysed =
        corpus.texts().parallelStream().map(tokens::analyse).toList();
    for (Language lang : Language.values()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < analysed.size(); i++) {
        if (analysed.get(i).language() == lang) {
          idx.add(i);
        }
      }
      if (idx.size() < 50) {
        continue;
      }
      List<List<String>> docs = idx.stream().map(i -> analysed.get(i).topicTerms()).toList();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long c0 = cpu();
      long t0 = System.nanoTime();
      TopicModel m = TopicModel.fit(docs, TopicModel.Options.defaults());
      long wall = System.nanoTime() - t0;
      long cpu = cpu() - c0;
      System.out.printf(
          Locale.ROOT,
          "%s: %,d documents; fit %.2f s wall, %.2f s process CPU (load average %.1f); k = %d%n",
          lang.code(),
          docs.size(),
          wall / 1e9,
          cpu / 1e9,
          load,
          m.topics().size());
      StringBuilder c = new StringBuilder();
      new TreeMap<>(m.coherenceByK())
          .forEach((k, v) -> c.append(String.format(Locale.ROOT, " %d:%.4f", k, v)));
      System.out.println("  coherence by k (fit sample):" + c);
      for (TopicModel.Topic t : m.topics()) {
        System.out.printf(
            Locale.ROOT,
            "  topic %d (%,d): %s%n",
            t.id(),
            t.size(),
            String.join(" ", t.words().subList(0, Math.min(6, t.words().size()))));
      }
      System.out.printf(
          Locale.ROOT, "  NPMI of the topics on all documents: %.4f%n", npmi(m.topics(), docs));
      int[] found = new int[docs.size()];
      StringBuilder lines = new StringBuilder();
      for (int d = 0; d < found.length; d++) {
        found[d] = m.topicOf(d);
        lines.append(found[d]).append('\n');
      }
      Files.writeString(out.resolve(lang.code() + ".topics"), lines);
      if (corpus.truth() != null) {
        int[] truth = new int[docs.size()];
        for (int d = 0; d < truth.length; d++) {
          truth[d] = corpus.truth()[idx.get(d)];
        }
        System.out.printf(
            Locale.ROOT,
            "  adjusted Rand index against the truth: %.4f%n",
            ClusterQuality.adjustedRandIndex(truth, found));
      }
    }
  }

  /**
   * Mean over topics of the mean NPMI of each pair of its top words, from their co-occurrence in
   * documents (a pair never together scores -1), as TopicModel measures it on its fit sample.
   */
  private static double npmi(List<TopicModel.Topic> topics, List<List<String>> docs) {
    int n = docs.size();
    List<Set<String>> sets = docs.stream().map(d -> (Set<String>) new HashSet<>(d)).toList();
    double total = 0;
    for (TopicModel.Topic t : topics) {
      List<String> w = t.words();
      int m = w.size();
      int[] single = new int[m];
      int[][] pair = new int[m][m];
      for (Set<String> s : sets) {
        boolean[] in = new boolean[m];
        for (int a = 0; a < m; a++) {
          in[a] = s.contains(w.get(a));
          single[a] += in[a] ? 1 : 0;
        }
        for (int a = 0; a < m; a++) {
          for (int b = a + 1; b < m && in[a]; b++) {
            pair[a][b] += in[b] ? 1 : 0;
          }
        }
      }
      double sum = 0;
      int pairs = 0;
      for (int a = 0; a < m; a++) {
        for (int b = a + 1; b < m; b++) {
          pairs++;
          if (pair[a][b] == 0) {
            sum -= 1;
            continue;
          }
          double pab = (double) pair[a][b] / n;
          double pmi = Math.log(pab / ((double) single[a] / n * single[b] / n));
          double denom = -Math.log(pab);
          sum += denom <= 0 ? 1 : pmi / denom;
        }
      }
      total += pairs == 0 ? 0 : sum / pairs;
    }
    return topics.isEmpty() ? Double.NaN : total / topics.size();
  }

  private static Corpus fromStore(Path storeFile, Path data, Path out) throws IOException {
    Files.createDirectories(out);
    Path store = out.resolve("tessera.duckdb");
    Files.copy(storeFile, store, StandardCopyOption.REPLACE_EXISTING);
    TesseraConfig config = TesseraConfig.forDataDir(data);
    List<String> texts = new ArrayList<>();
    try (Store s = Store.open(store)) {
      Set<String> excluded = CustomerStage.excluded(s, out, config.defaultProfilingAllowed());
      StoreRecords records = new StoreRecords(s, excluded);
      try (Stream<Review> reviews = records.reviews();
          Stream<Interaction> interactions = records.interactions()) {
        reviews.map(Review::text).filter(t -> t != null && !t.isBlank()).forEach(texts::add);
        interactions
            .map(Interaction::text)
            .filter(t -> t != null && !t.isBlank())
            .forEach(texts::add);
      }
    }
    return new Corpus(texts, null);
  }

  private static Corpus fromShop(long seed, int customers, Path out) throws IOException {
    Path dir = out.resolve("shop");
    SyntheticShop.write(
        new GeneratorOptions(customers, 730, seed, 0.0, GeneratorOptions.DEFAULT_END_DATE), dir);
    Map<String, String> text = new HashMap<>();
    for (String file : List.of("reviews.csv", "interactions.csv")) {
      List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        List<String> f = csv(line);
        text.put(f.get(0), f.get(f.size() - 1));
      }
    }
    List<String> lines = Files.readAllLines(dir.resolve("truth/texts.csv"), StandardCharsets.UTF_8);
    List<String> planted = List.of("delivery", "quality", "size", "price", "service");
    List<String> texts = new ArrayList<>();
    List<Integer> truth = new ArrayList<>();
    for (String row : lines.subList(1, lines.size())) {
      String[] f = row.split(",");
      texts.add(text.get(f[0]));
      truth.add(planted.indexOf(f[4]));
    }
    return new Corpus(texts, truth.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Corpus fromUci(Path dir) {
    List<String> texts = new ArrayList<>();
    List<Integer> truth = new ArrayList<>();
    List<String> files =
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt");
    for (int f = 0; f < files.size(); f++) {
      for (var l : LabelledTexts.read(dir.resolve(files.get(f)))) {
        texts.add(l.text());
        truth.add(f);
      }
    }
    return new Corpus(texts, truth.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void compare(Path a, Path b) throws IOException {
    for (Language lang : Language.values()) {
      Path fa = a.resolve(lang.code() + ".topics");
      Path fb = b.resolve(lang.code() + ".topics");
      if (!Files.exists(fa) || !Files.exists(fb)) {
        continue;
      }
      int[] x = Files.readAllLines(fa).stream().mapToInt(Integer::parseInt).toArray();
      int[] y = Files.readAllLines(fb).stream().mapToInt(Integer::parseInt).toArray();
      int same = 0;
      for (int i = 0; i < x.length; i++) {
        same += x[i] == y[i] ? 1 : 0;
      }
      System.out.printf(
          Locale.ROOT,
          "%s: %,d documents, adjusted Rand index %.4f, same topic number %.4f%n",
          lang.code(),
          x.length,
          ClusterQuality.adjustedRandIndex(x, y),
          (double) same / x.length);
    }
  }

  /** One RFC 4180 line without embedded line breaks. */
  private static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
