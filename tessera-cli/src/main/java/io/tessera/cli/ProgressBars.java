package io.tessera.cli;

import io.tessera.store.Ingestor;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One console progress bar per source while a run ingests (none when switched off). */
final class ProgressBars implements Ingestor.Progress, AutoCloseable {
  private final boolean show;
  private final Map<String, ProgressBar> bars = new HashMap<>();

  ProgressBars(boolean show) {
    this.show = show;
  }

  @Override
  public void rows(String source, long rowsRead) {
    if (!show) {
      return;
    }
    bars.computeIfAbsent(
            source,
            s ->
                new ProgressBarBuilder()
                    .setTaskName(String.format("%-12s", s))
                    .setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1)
                    .showSpeed()
                    .continuousUpdate()
                    .build())
        .stepTo(rowsRead);
  }

  @Override
  public void close() {
    bars.values().forEach(ProgressBar::close);
  }
}
