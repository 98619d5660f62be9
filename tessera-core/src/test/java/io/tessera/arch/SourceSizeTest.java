package io.tessera.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The size rule of issue 10: no main class over {@value #MAX_CLASS_LINES} lines and no method over
 * {@value #MAX_METHOD_LINES}, in every module listed in {@link #MODULES}. Sizes are measured on the
 * parsed syntax tree (JavaParser), not by counting braces, so braces in strings, text blocks and
 * comments cannot mislead it: a class is its top-level type declaration (from its first annotation
 * or modifier to its closing brace, without the file's package and imports and the Javadoc above
 * it), a method or constructor likewise (nested lambdas and local classes count in it).
 */
class SourceSizeTest {
  static final int MAX_CLASS_LINES = 600;
  static final int MAX_METHOD_LINES = 80;

  /** The modules whose {@code src/main/java} is held to the rule: every module of the build. */
  static final List<String> MODULES =
      List.of(
          "tessera-core",
          "tessera-store",
          "tessera-report",
          "tessera-pipeline",
          "tessera-server",
          "tessera-cli");

  /** One class or method over its limit. */
  record Offender(Path file, int line, String name, int lines, int limit) {
    @Override
    public String toString() {
      return file + ":" + line + " " + name + " has " + lines + " lines (limit " + limit + ")";
    }
  }

  @Test
  void shouldKeepEveryMainClassAndMethodOfTheListedModulesWithinTheirLimits() throws IOException {
    Path root = SharedData.repoRoot();
    List<Offender> offenders = new ArrayList<>();
    int files = 0;
    for (String module : MODULES) {
      Path main = root.resolve(module).resolve("src/main/java");
      assertThat(main).as("the main sources of %s", module).isDirectory();
      try (Stream<Path> paths = Files.walk(main)) {
        for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          offenders.addAll(measure(root.relativize(file), Files.readString(file)));
          files++;
        }
      }
    }
    assertThat(files).as("Java files found under %s", MODULES).isGreaterThan(100);
    assertThat(offenders)
        .as(
            "classes over %d lines and methods over %d lines (split them into cohesive classes"
                + " or methods)",
            MAX_CLASS_LINES, MAX_METHOD_LINES)
        .isEmpty();
  }

  @Test
  void shouldNameAnOversizedClassAndMethodButNotBracesInStringsOrComments() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 85; i++) {
      body.append("    x += \"}}}\".length(); // }\n");
    }
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      fields.append("  int f").append(i).append(";\n");
    }
    String source =
        "package p;\n\nclass Big {\n"
            + fields
            + "  int small() {\n    return 1;\n  }\n\n"
            + "  int big() {\n    int x = 0;\n"
            + body
            + "    return x;\n  }\n}\n";
    List<Offender> found = measure(Path.of("Big.java"), source);
    assertThat(found)
        .extracting(Offender::name, Offender::lines)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Big", 1 + 600 + 4 + 89 + 1),
            org.assertj.core.groups.Tuple.tuple("Big.big", 89));
    assertThat(found.get(1).line()).isEqualTo(3 + 600 + 5);
  }

  /** The classes and methods of one source file over their limits. */
  static List<Offender> measure(Path file, String source) {
    ParseResult<CompilationUnit> parsed =
        new JavaParser(
                new ParserConfiguration()
                    .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21))
            .parse(source);
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      throw new AssertionError(file + " does not parse: " + parsed.getProblems());
    }
    CompilationUnit unit = parsed.getResult().get();
    List<Offender> out = new ArrayList<>();
    for (TypeDeclaration<?> type : unit.getTypes()) {
      int lines = lines(type);
      if (lines > MAX_CLASS_LINES) {
        out.add(new Offender(file, line(type), type.getNameAsString(), lines, MAX_CLASS_LINES));
      }
    }
    List<Node> callables = new ArrayList<>();
    callables.addAll(unit.findAll(CallableDeclaration.class));
    callables.addAll(unit.findAll(CompactConstructorDeclaration.class));
    callables.sort(java.util.Comparator.comparingInt(SourceSizeTest::line));
    for (Node callable : callables) {
      int lines = lines(callable);
      if (lines > MAX_METHOD_LINES) {
        out.add(new Offender(file, line(callable), name(callable), lines, MAX_METHOD_LINES));
      }
    }
    return out;
  }

  private static String name(Node callable) {
    String own =
        callable instanceof CallableDeclaration<?> c
            ? c.getNameAsString()
            : ((CompactConstructorDeclaration) callable).getNameAsString();
    String owner =
        callable
            .findAncestor(TypeDeclaration.class)
            .map(t -> ((TypeDeclaration<?>) t).getNameAsString())
            .orElse("?");
    return owner + "." + own;
  }

  private static int line(Node node) {
    return node.getRange().orElseThrow().begin.line;
  }

  private static int lines(Node node) {
    var range = node.getRange().orElseThrow();
    return range.end.line - range.begin.line + 1;
  }
}
