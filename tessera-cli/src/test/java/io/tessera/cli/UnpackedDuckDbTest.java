package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tessera} launcher's layout for DuckDB (README, "Against the reference script"): the
 * driver's classes in a jar without its native library, and the library unpacked beside that jar. A
 * JVM started like the launcher starts one opens a database with the library loaded from there, not
 * from a fresh copy in the temporary folder (which the driver makes at every start when the library
 * is a class-path resource). Fails if a driver upgrade stops finding the library this way.
 */
class UnpackedDuckDbTest {

  /** Opens an in-memory database and prints a query's answer and where the library was mapped. */
  public static final class Probe {
    private Probe() {}

    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
        rs.next();
        System.out.println("answer " + rs.getInt(1));
      }
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        if (line.contains("libduckdb_java")) {
          System.out.println("mapped " + line.substring(line.indexOf('/')));
          break;
        }
      }
    }
  }

  @Test
  void theDriverLoadsTheLibraryUnpackedBesideItsClasses(@TempDir Path dir) throws Exception {
    String arch = System.getProperty("os.arch");
    String lib =
        switch (arch) {
          case "amd64", "x86_64" -> "libduckdb_java.so_linux_amd64";
          case "aarch64", "arm64" -> "libduckdb_java.so_linux_arm64";
          default -> null;
        };
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux") && lib != null,
        "the launcher unpacks DuckDB's library on Linux x86-64 and arm64 only; this is "
            + System.getProperty("os.name")
            + " "
            + arch);
    Path driverJar =
        Path.of(
            org.duckdb.DuckDBDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Path classesJar = dir.resolve("duckdb_jdbc-classes.jar");
    try (ZipFile zip = new ZipFile(driverJar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(classesJar))) {
      ZipEntry library = zip.getEntry(lib);
      assertNotNull(library, driverJar + " holds no " + lib);
      try (InputStream in = zip.getInputStream(library)) {
        Files.copy(in, dir.resolve(lib));
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.getName().startsWith("libduckdb_java")) {
          continue;
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        if (!e.isDirectory()) {
          try (InputStream in = zip.getInputStream(e)) {
            in.transferTo(out);
          }
        }
        out.closeEntry();
      }
    }
    Files.createSymbolicLink(dir.resolve("libduckdb_java.so"), Path.of(lib));
    String testClasses =
        Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Djava.io.tmpdir=" + Files.createDirectory(dir.resolve("tmp")));
    command.add("-cp");
    command.add(classesJar + java.io.File.pathSeparator + testClasses);
    command.add(Probe.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LD_LIBRARY_PATH", dir.toString());
    Process p = builder.start();
    String output;
    try (OutputStream ignored = p.getOutputStream()) {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM did not finish");
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("answer 42"), output);
    String mapped =
        output
            .lines()
            .filter(l -> l.startsWith("mapped "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DuckDB library mapped: " + output))
            .substring("mapped ".length())
            .trim();
    assertEquals(dir.resolve(lib).toRealPath(), Path.of(mapped).toRealPath(), output);
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertEquals(List.of(), left.toList(), "nothing unpacked into the temporary folder");
    }
  }

  /** The same probe with the driver's own jar unpacks a copy into the temporary folder. */
  @Test
  void theDriversOwnJarUnpacksACopyAtEveryStart(@TempDir Path dir) throws IOException {
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux"),
        "reads /proc/self/maps, which only Linux has");
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    String cp = System.getProperty("java.class.path");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Djava.io.tmpdir=" + tmp,
            "-cp",
            cp,
            Probe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM did not finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertEquals(0, p.exitValue(), output);
    String mapped =
        output
            .lines()
            .filter(l -> l.startsWith("mapped "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DuckDB library mapped: " + output));
    assertTrue(mapped.contains(tmp.toString()), output);
  }
}
