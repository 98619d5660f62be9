package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tessera} launcher's start-up cache logic (README, "Using it"), run as a user runs it:
 * the real script, in a copy of the repository's layout whose built jar holds a small stand-in for
 * {@code io.tessera.cli.Main} (the training then takes a second, not the demo's 25), on the JDK
 * running this test. The stand-in prints its arguments and whether it was started on a cache, and
 * its training run (the command {@code demo}) can be made to fail or to end as a killed process
 * does. Checked: the cache is made once per build of the jars and then used; another jar gets
 * another cache and the old one goes; {@code TESSERA_AOT=off} and help train nothing; a failed
 * training is not retried until the next build, a killed one is; a training in progress is left
 * alone and a lock left by a dead one taken over.
 */
class LauncherCacheTest {
  private static final String STAND_IN =
      """
      package io.tessera.cli;

      public final class Main {
        public static void main(String[] args) {
          String training = System.getenv().getOrDefault("STAND_IN_TRAINING", "ok");
          if (args.length > 0 && args[0].equals("demo")) {
            if (training.equals("fail")) {
              System.exit(1);
            }
            if (training.equals("killed")) {
              System.exit(137); // what bash reports for a process killed by SIGKILL
            }
            // the real demo refuses a key under 16 characters, as a run does
            String key = System.getenv("TESSERA_PSEUDONYM_KEY");
            if (key != null && key.length() < 16) {
              System.exit(2);
            }
          }
          if (args.length > 0 && args[0].equals("run")) {
            System.out.println("key " + System.getenv("TESSERA_PSEUDONYM_KEY"));
          }
          boolean cached = java.lang.management.ManagementFactory.getRuntimeMXBean()
              .getInputArguments().stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
          System.out.println("ran " + String.join(" ", args) + (cached ? " on a cache" : ""));
        }
      }
      """;
  private static final String PREPARING = "tessera: preparing a start-up cache";

  @TempDir Path root;
  private Path aot;

  @BeforeEach
  void layOutABuiltRepository(@TempDir Path build) throws Exception {
    Path script = root.resolve("tessera");
    Files.copy(Path.of("..", "tessera"), script);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path target = Files.createDirectories(root.resolve("tessera-cli/target/lib"));
    Path source = build.resolve("io/tessera/cli/Main.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, STAND_IN);
    int javac =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", build.toString(), source.toString());
    assertThat(javac).as("compiling the stand-in").isZero();
    try (JarOutputStream jar =
        new JarOutputStream(
            Files.newOutputStream(target.getParent().resolve("tessera-cli-0-SNAPSHOT.jar")))) {
      jar.putNextEntry(new JarEntry("io/tessera/cli/Main.class"));
      jar.write(Files.readAllBytes(build.resolve("io/tessera/cli/Main.class")));
      jar.closeEntry();
    }
    // the launcher builds when a source is newer than this stamp; the copy has no sources
    Files.writeString(target.getParent().resolve(".tessera-built"), "");
    aot = target.getParent().resolve("aot");
  }

  @Test
  void theCacheShouldBeMadeOnceThenUsed() throws Exception {
    Run first = tessera(Map.of(), "run", "x");
    assertThat(first.exit).as(first.output).isZero();
    assertThat(first.output).contains(PREPARING).contains("ran run x on a cache");
    assertThat(caches()).hasSize(1);

    Run second = tessera(Map.of(), "run", "y");
    assertThat(second.output).doesNotContain(PREPARING).contains("ran run y on a cache");
    assertThat(caches()).hasSize(1);
  }

  @Test
  void anotherJarShouldGetAnotherCacheAndTheOldOneGo() throws Exception {
    tessera(Map.of(), "run");
    List<Path> before = caches();
    Files.writeString(root.resolve("tessera-cli/target/lib/another.jar"), "not empty");

    Run after = tessera(Map.of(), "run");
    assertThat(after.output).contains(PREPARING).contains("ran run on a cache");
    assertThat(caches()).hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  void offAndHelpShouldTrainNothing() throws Exception {
    Run off = tessera(Map.of("TESSERA_AOT", "off"), "run");
    assertThat(off.output).doesNotContain(PREPARING).contains("ran run").doesNotContain("cache");
    Run help = tessera(Map.of(), "run", "--help");
    assertThat(help.output).doesNotContain(PREPARING).contains("ran run --help");
    assertThat(caches()).isEmpty();
  }

  @Test
  void aFailedTrainingShouldNotBeRetriedUntilTheNextBuild() throws Exception {
    Run failed = tessera(Map.of("STAND_IN_TRAINING", "fail"), "run");
    assertThat(failed.exit).as("the command itself still runs").isZero();
    assertThat(failed.output)
        .contains("could not prepare it (see " + aot.resolve("train.log"))
        .contains("ran run")
        .doesNotContain("on a cache");

    Run next = tessera(Map.of(), "run");
    assertThat(next.output).doesNotContain(PREPARING).doesNotContain("on a cache");
    assertThat(caches()).isEmpty();
  }

  @Test
  void theUsersSettingsShouldStayOutOfTheTraining() throws Exception {
    Run run = tessera(Map.of("TESSERA_PSEUDONYM_KEY", "short-key"), "run");
    assertThat(run.output)
        .as("the training ran on its own settings, the command on the user's")
        .contains(PREPARING)
        .doesNotContain("could not prepare it")
        .contains("key short-key")
        .contains("ran run on a cache");
    assertThat(caches()).hasSize(1);
  }

  @Test
  void aKilledTrainingShouldBeRetriedByTheNextCommand() throws Exception {
    Run killed = tessera(Map.of("STAND_IN_TRAINING", "killed"), "run");
    assertThat(killed.output).contains("the next command tries again").contains("ran run");
    assertThat(caches()).isEmpty();

    Run next = tessera(Map.of(), "run");
    assertThat(next.output).contains(PREPARING).contains("ran run on a cache");
  }

  @Test
  void aTrainingInProgressShouldBeLeftAloneAndADeadOnesLockTakenOver() throws Exception {
    Path lock = Files.createDirectories(aot.resolve("training.lock"));
    Files.writeString(lock.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
    Run meanwhile = tessera(Map.of(), "run");
    assertThat(meanwhile.output).doesNotContain(PREPARING).doesNotContain("on a cache");
    assertThat(lock).exists();

    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Files.writeString(lock.resolve("pid"), Long.toString(gone.pid()));
    Run after = tessera(Map.of(), "run");
    assertThat(after.output).contains(PREPARING).contains("ran run on a cache");
    assertThat(lock).doesNotExist();
  }

  private List<Path> caches() throws IOException {
    if (!Files.isDirectory(aot)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(aot)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".aot")).sorted().toList();
    }
  }

  private record Run(int exit, String output) {}

  private Run tessera(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("tessera").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    for (String inherited :
        List.of(
            "TESSERA_AOT",
            "TESSERA_JAVA_OPTS",
            "TESSERA_GC_OPTS",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "JDK_AOT_VM_OPTIONS")) {
      environment.remove(inherited);
    }
    environment.putAll(new HashMap<>(env));
    Process p = builder.start();
    String output;
    try (OutputStream ignored = p.getOutputStream()) {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher did not finish").isTrue();
    return new Run(p.exitValue(), output);
  }
}
