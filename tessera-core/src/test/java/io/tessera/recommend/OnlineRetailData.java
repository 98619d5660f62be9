package io.tessera.recommend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * UCI Online Retail's invoice lines as purchases, with the rule of a {@code tessera run} on {@code
 * examples/online-retail}: lines of invoices with a customer that are not cancellations ({@code
 * C...}), with a positive quantity. The segment of a customer here is their country (a core test
 * has no run's clusters).
 */
final class OnlineRetailData {
  final List<Purchase> purchases = new ArrayList<>();
  final Map<String, String> country = new HashMap<>();

  static OnlineRetailData read(Path csv) throws IOException {
    OnlineRetailData d = new OnlineRetailData();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int n = 1; n < lines.size(); n++) {
      List<String> f = fields(lines.get(n));
      String invoice = f.get(0);
      String customer = f.get(6);
      if (customer.isEmpty() || invoice.startsWith("C") || Integer.parseInt(f.get(3)) <= 0) {
        continue;
      }
      customer = customer.endsWith(".0") ? customer.substring(0, customer.length() - 2) : customer;
      LocalDate day = LocalDate.parse(f.get(4).substring(0, 10));
      d.purchases.add(new Purchase(customer, invoice, f.get(1), day));
      d.country.put(customer, f.get(7));
    }
    return d;
  }

  /** RFC 4180 fields of one line (the file has no quoted line breaks). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** Prints the time split's figures for a grid of options (the tuning run of the README). */
  public static void main(String[] args) throws IOException {
    OnlineRetailData d =
        read(
            Path.of(
                args.length > 0
                    ? args[0]
                    : "../shared/datasets/online-retail/online_retail_2010-12-01_to_2011-06-30.csv"));
    LocalDate trainEnd = LocalDate.of(2011, 5, 31);
    RecommendOptions base = RecommendOptions.defaults();
    String mode = args.length > 1 ? args[1] : "default";
    if (mode.equals("cg")) {
      for (int steps : new int[] {0, 3, 5}) {
        ImplicitAls.Options a = base.als();
        var o =
            base.withAls(
                new ImplicitAls.Options(
                    a.factors(), a.lambda(), a.alpha(), a.iterations(), a.seed(), steps));
        long t0 = System.nanoTime();
        var fig = TimeSplit.evaluate(d.purchases, trainEnd, 30, d.country, o).of(Method.ALS);
        System.out.printf(
            "als cg_steps=%d: p@10 %.4f map@10 %.4f (%.1f s)%n",
            steps, fig.precision(), fig.map(), (System.nanoTime() - t0) / 1e9);
      }
      return;
    }
    if (mode.equals("default")) {
      print("defaults", TimeSplit.evaluate(d.purchases, trainEnd, 30, d.country, base));
      return;
    }
    boolean wide = mode.equals("grid2");
    for (int f : wide ? new int[] {32} : new int[] {16, 32, 64}) {
      for (double lambda : wide ? new double[] {10, 30, 100} : new double[] {0.1, 1, 10}) {
        for (double alpha : wide ? new double[] {0.3, 1, 3} : new double[] {1, 10, 40}) {
          var o = base.withAls(new ImplicitAls.Options(f, lambda, alpha, 15, 42));
          long t0 = System.nanoTime();
          var fig = TimeSplit.evaluate(d.purchases, trainEnd, 30, d.country, o).of(Method.ALS);
          System.out.printf(
              "als f=%d lambda=%s alpha=%s: p@10 %.4f map@10 %.4f (%.1f s)%n",
              f, lambda, alpha, fig.precision(), fig.map(), (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    for (int k : wide ? new int[] {5, 10, 20, 30} : new int[] {20, 50, 100, 200, 500}) {
      var o = base.withItemCf(new ItemCf.Options(k));
      var fig = TimeSplit.evaluate(d.purchases, trainEnd, 30, d.country, o).of(Method.ITEM_CF);
      System.out.printf("item_cf k=%d: p@10 %.4f map@10 %.4f%n", k, fig.precision(), fig.map());
    }
  }

  static void print(String label, TimeSplit.Result r) {
    System.out.printf(
        "%s: train to %s, test %d days, %d customers in both periods (%d with a new item)%n",
        label, r.trainEnd(), r.testDays(), r.customers(), r.withNewItems());
    for (TimeSplit.Figures f : r.figures()) {
      System.out.printf(
          "  %-16s p@10 %.4f  r@10 %.4f  map@10 %.4f  coverage %.4f%n",
          f.method().wire(), f.precision(), f.recall(), f.map(), f.coverage());
    }
    System.out.println("  chosen: " + r.chosen().wire());
  }
}
