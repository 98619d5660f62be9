package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.pipeline.AsOf;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.profile.ProfileFold;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The learning curve behind {@link ChurnTrainer#DEFAULT_CV_FIT_ROWS}: the churn stage's time-split
 * training rows (features as of {@code as_of - horizon}, the label from the horizon after) are
 * built once from a store, then the three candidates are cross-validated with each fold's model
 * fitted on at most each given number of rows (0 = all the other folds' rows, as before the cap),
 * printing every candidate's out-of-fold ROC-AUC, the kept model, its calibrated Brier score and
 * the process CPU of the training. Run on a copy of a store (DuckDB opens it for writing):
 *
 * <pre>
 * java -cp ... io.tessera.pipeline.churn.ChurnCvCurve STORE DATA_DIR OUT 0 40000 20000 10000 5000
 * </pre>
 *
 * Not a test: figures are printed, never asserted.
 */
public final class ChurnCvCurve {
  private ChurnCvCurve() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ChurnCvCurve STORE DATA_DIR OUT ROWS... (STORE: a copy)");
      System.exit(2);
    }
    TesseraConfig config = TesseraConfig.forDataDir(Path.of(args[1]));
    ChurnSettings settings = ChurnSettings.parse(config.raw());
    try (Store store = Store.open(Path.of(args[0]))) {
      LocalDate asOf = AsOf.decide(config, store);
      Set<String> excluded =
          CustomerStage.excluded(store, Path.of(args[2]), config.defaultProfilingAllowed());
      StoreRecords records = new StoreRecords(store, excluded);
      List<Customer> customers;
      try (var rows = records.customers()) {
        customers = rows.toList();
      }
      List<Order> orders;
      try (var rows = records.orders()) {
        orders = rows.toList();
      }
      ProfileFold.Options fold =
          ProfileFold.Options.defaults().withSettings(config.profileSettings());
      CutoffProfiles cutoffs =
          new CutoffProfiles(
              records,
              orders,
              customers,
              fold,
              config.timezone(),
              settings.timeSplitFeatures(),
              null);
      ChurnLabels split = ChurnLabels.endingAt(asOf, settings.horizonDays());
      List<CustomerId> ids = new ArrayList<>();
      ChurnData x = cutoffs.buyersAsOf(split.cutoff(), ids);
      int[] y = split.churned(ids, orders, config.timezone());
      ChurnData data = x.withLabels(y);
      System.out.printf(
          "%,d training rows as of %s, %,d churned; load %.2f%n",
          y.length,
          split.cutoff(),
          java.util.Arrays.stream(y).sum(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      for (int i = 3; i < args.length; i++) {
        int rows = Integer.parseInt(args[i]);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        TrainedChurn t = ChurnTrainer.train(data, settings.trainerOptions().withCvFitRows(rows));
        StringBuilder line = new StringBuilder();
        for (ChurnTrainer.ModelScore s : t.compared()) {
          line.append(String.format(" %s %.4f", s.model(), s.rocAuc()));
        }
        System.out.printf(
            "cv_fit_rows %6d: kept %s, ROC-AUC%s; Brier %.4f (raw %.4f); %.1f s wall, %.1f s CPU;"
                + " load %.2f%n",
            rows,
            t.classifier().id(),
            line,
            t.evaluation().brierCalibrated(),
            t.evaluation().brierRaw(),
            (System.nanoTime() - t0) / 1e9,
            (cpu() - cpu0) / 1e9,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
