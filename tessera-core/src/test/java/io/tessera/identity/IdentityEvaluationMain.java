package io.tessera.identity;

import io.tessera.generate.GeneratorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints precision, recall and wrongly joined traps at the default threshold for generated shops:
 * {@code IdentityEvaluationMain CUSTOMERS SEED:FAULTS:IDENTITY_RATE:TRAP_RATE ...} (the README's
 * identity table).
 */
public final class IdentityEvaluationMain {
  private IdentityEvaluationMain() {}

  public static void main(String[] args) throws IOException {
    int customers = Integer.parseInt(args[0]);
    for (int k = 1; k < args.length; k++) {
      String[] s = args[k].split(":");
      GeneratorOptions o =
          new GeneratorOptions(customers, 365, Long.parseLong(s[0]), Double.parseDouble(s[1]), null)
              .withIdentities(Double.parseDouble(s[2]), Double.parseDouble(s[3]));
      Path dir = Files.createTempDirectory("tessera-identity-eval");
      GeneratedIdentities shop = GeneratedIdentities.generate(o, dir);
      IdentityGraph g = shop.resolve(IdentityOptions.defaults());
      IdentityEvaluation.Result r = IdentityEvaluation.evaluate(shop.truth(), g);
      StringBuilder traps = new StringBuilder();
      long wrong = 0;
      long nodes = 0;
      for (var e : r.trapsWrong().entrySet()) {
        traps
            .append(' ')
            .append(e.getKey())
            .append(' ')
            .append(e.getValue()[1])
            .append('/')
            .append(e.getValue()[0]);
        wrong += e.getValue()[1];
        nodes += e.getValue()[0];
      }
      System.out.printf(
          Locale.ROOT,
          "%s precision %.4f recall %.4f planted %.4f traps %d of %d [%s ] true %d compared %d"
              + " noConsentLinked %d%n",
          args[k],
          r.precision(),
          r.recall(),
          r.plantedRecall(),
          wrong,
          nodes,
          traps,
          r.truePairs(),
          g.report().model() == null ? 0 : g.report().model().blockedPairs(),
          r.noConsentLinked());
      if (System.getProperty("threshold") != null) {
        g =
            shop.resolve(
                IdentityOptions.defaults()
                    .withMinConfidence(Double.parseDouble(System.getProperty("threshold"))));
        r = IdentityEvaluation.evaluate(shop.truth(), g);
        System.out.println("  at " + System.getProperty("threshold") + " recall " + r.recall());
      }
      if (System.getProperty("why") != null) {
        for (IdentityEvaluation.Truth t : shop.truth()) {
          if (t.role().startsWith("trap_") && t.kind().equals("customer_id")) {
            io.tessera.contract.CustomerId c =
                g.resolve(io.tessera.contract.CustomerId.of(t.value()));
            if (c != null && g.customer(c).accounts().size() > 1) {
              System.out.println("  " + t + " -> " + g.linksOf(c));
            }
          }
        }
      }
      if (System.getProperty("curve") != null) {
        ThresholdCurve c =
            IdentityEvaluation.curve(
                shop.truth(),
                g,
                t -> shop.resolve(IdentityOptions.defaults().withMinConfidence(t)),
                "truth");
        for (ThresholdCurve.Point p : c.points()) {
          System.out.printf(
              Locale.ROOT,
              "  %.3f pairs %d precision %.4f recall %.4f planted %.4f traps %d%n",
              p.threshold(),
              p.pairs(),
              p.precision(),
              p.recall(),
              p.plantedRecall(),
              p.trapsWrong());
        }
        System.out.println("  weights " + c.weights());
      }
      if (System.getProperty("model") != null) {
        System.out.println("  " + g.report().model());
      }
    }
  }
}
