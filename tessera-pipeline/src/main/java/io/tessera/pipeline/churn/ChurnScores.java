package io.tessera.pipeline.churn;

import static io.tessera.predict.churn.ChurnReport.round;

import io.tessera.pipeline.columns.DoubleColumn;
import io.tessera.pipeline.columns.SortedIds;
import io.tessera.pipeline.columns.TextListColumn;
import io.tessera.pipeline.columns.TextLists;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.Reason;
import io.tessera.predict.churn.TrainedChurn;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The churn stage's scores of every scored customer in columns: the rounded probability and the top
 * reasons' texts (each distinct text once). A tree map of boxed figures and lists of strings per
 * customer was a tenth of the run's heap at 1,000,000 customers (issue 14).
 */
record ChurnScores(DoubleColumn churn, TextListColumn reasons) {
  /** No customer scored. */
  static final ChurnScores NONE = new ChurnScores(DoubleColumn.EMPTY, TextListColumn.EMPTY);

  /**
   * How many rows' reasons are explained at once: the explanations of every customer (their
   * contributions, reasons and texts) were held together before they were kept (issue 14). Each
   * row's reasons are its own, so the block does not change them. But each block pays the forest's
   * leaf-table shares again (about half a second of CPU a block at 100k): 16,384-row blocks made
   * churn 26 s slower at 1,000,000 customers (46 blocks). 262,144 rows (about 200 MB of
   * contributions at 50 predictors) keep the memory bounded at any size with a few blocks.
   */
  static final int REASON_BLOCK = 262_144;

  /**
   * Scores {@code rows}, whose customers are {@code ids}, with probabilities {@code p} (rounded
   * here) and their {@code top} reasons, explained a block of rows at a time.
   */
  static ChurnScores of(
      TrainedChurn trained, int top, List<String> ids, double[] p, ChurnData rows) {
    TextLists.Builder texts = new TextLists.Builder();
    double[] rounded = new double[p.length];
    for (int from = 0; from < ids.size(); from += REASON_BLOCK) {
      int to = Math.min(ids.size(), from + REASON_BLOCK);
      ChurnData block =
          from == 0 && to == ids.size() ? rows : rows.subset(IntStream.range(from, to).toArray());
      List<List<Reason>> why = trained.reasons(block, top);
      for (int i = from; i < to; i++) {
        rounded[i] = round(p[i]);
        texts.add(why.get(i - from).stream().map(Reason::text).toList());
      }
    }
    SortedIds.Sorted keys = SortedIds.sort(ids);
    return new ChurnScores(
        new DoubleColumn(keys.keys(), DoubleColumn.pick(rounded, keys.source())),
        new TextListColumn(keys.keys(), texts.build().pick(keys.source())));
  }
}
