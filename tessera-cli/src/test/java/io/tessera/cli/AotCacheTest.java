package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code tessera} launcher's start-up cache relies on (README, "Using it"): a training run
 * with {@code -XX:AOTCacheOutput} leaves a cache; a JVM started on it with the launcher's flags
 * loads the application's classes from it; and a file the JVM cannot use as a cache is skipped
 * without a word, so a broken cache can slow a command down but never stop it. Fails if a JDK
 * update turns a refusal into an error or a message. (Whether the cache fits the jars is the
 * launcher's to check, by the cache's name: JDK 25.0.3 loads a cache's classes even after their jar
 * changed, JDK-8377932.)
 */
class AotCacheTest {

  /** Prints a line, so a run shows it ran. */
  public static final class Probe {
    private Probe() {}

    public static void main(String[] args) {
      System.out.println("probe ran");
    }
  }

  private static final String PROBE_LOADED_FROM_CACHE =
      Probe.class.getName() + " source: shared objects file";

  @Test
  void aTrainedCacheIsUsedAndABrokenOneSilentlySkipped(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("probe.jar");
    writeProbeJar(jar);
    Path cache = dir.resolve("probe.aot");

    Run training =
        java(
            dir,
            "-XX:+UseParallelGC",
            "-Xlog:aot*=off",
            "-Xlog:cds*=off",
            "-XX:AOTCacheOutput=" + cache,
            "-cp",
            jar.toString(),
            Probe.class.getName());
    assertEquals(0, training.exit, training.output);
    assertTrue(Files.size(cache) > 0, "no cache written: " + training.output);

    Run withCache = withCache(dir, cache, jar);
    assertEquals(0, withCache.exit, withCache.output);
    assertTrue(withCache.output.contains("probe ran"), withCache.output);
    assertTrue(withCache.output.contains(PROBE_LOADED_FROM_CACHE), withCache.output);

    Files.writeString(cache, "not a cache");
    Run broken = withCache(dir, cache, jar);
    assertEquals(0, broken.exit, broken.output);
    assertTrue(broken.output.contains("probe ran"), broken.output);
    assertEquals(List.of(), otherLines(broken.output), "a refusal prints nothing");
  }

  /** Started as the launcher starts a command when a cache is there. */
  private static Run withCache(Path dir, Path cache, Path jar) throws Exception {
    return java(
        dir,
        "-XX:+UseParallelGC",
        "-XX:AOTCache=" + cache,
        "-Xlog:aot*=off",
        "-Xlog:cds*=off",
        "-Xlog:class+load=info",
        "-cp",
        jar.toString(),
        Probe.class.getName());
  }

  /** The output's lines other than the probe's own and the class-loading log. */
  private static List<String> otherLines(String output) {
    return output
        .lines()
        .filter(l -> !l.equals("probe ran") && !l.contains("[class,load]"))
        .toList();
  }

  private static void writeProbeJar(Path jar) throws Exception {
    String entry = Probe.class.getName().replace('.', '/') + ".class";
    Path classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(Files.readAllBytes(classes.resolve(entry)));
      out.closeEntry();
    }
  }

  private record Run(int exit, String output) {}

  private static Run java(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // the training's second JVM (which assembles the cache) must not inherit options of the test's
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JDK_AOT_VM_OPTIONS");
    Process p = builder.start();
    String output;
    try (OutputStream ignored = p.getOutputStream()) {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM did not finish: " + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Run(p.exitValue(), output);
  }
}
