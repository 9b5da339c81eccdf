package io.s3posture.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code names types by their imported simple names; a fully qualified name inline is kept only where
 * two types of the same simple name meet in one file. The scan reads the sources with comments,
 * strings and text blocks blanked out, so Javadoc links and logger names are not code.
 */
class InlineQualifiedNamesTest {

  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.$])(?:java|javax|jdk|io|org|com|software|net|ch|sun)(?:\\.[a-z_][a-z0-9_]*)+"
              + "\\.[A-Z]\\w*");
  private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("^\\s*(import|package)\\b");

  /** Files and the qualified names they need: another type of the same simple name is in scope. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          // the domain record io.s3posture.aws.Trail
          "main/java/io/s3posture/aws/SdkDetectionGateway.java",
          Set.of("software.amazon.awssdk.services.cloudtrail.model.Trail"),
          // java.lang.management.OperatingSystemMXBean, imported
          "main/java/io/s3posture/metrics/CpuMetrics.java",
          Set.of("com.sun.management.OperatingSystemMXBean"));

  @Test
  void mainAndTestCodeImportWhatTheyUse() throws IOException {
    Path src = Path.of("src");
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      String name = src.relativize(file).toString().replace('\\', '/');
      Set<String> allowed = ALLOWED.getOrDefault(name, Set.of());
      for (String hit : inlineNames(read(file))) {
        if (!allowed.contains(hit.substring(hit.indexOf(' ') + 1))) {
          found.add(name + ":" + hit);
        }
      }
    }

    assertThat(files).as("the sources were found").hasSizeGreaterThan(100);
    assertThat(found).as("inline qualified names; import them instead").isEmpty();
  }

  @Test
  void theScanSeesCodeAndOnlyCode() {
    String source =
        """
        package io.s3posture.sample;

        import java.util.List;

        /** Uses {@link java.util.Map} in a comment. */
        @org.junit.jupiter.api.Test
        class Sample {
          // java.util.Set in a line comment
          private final java.util.concurrent.atomic.AtomicLong count = new AtomicLong();
          String logger = "io.s3posture.reports.ReportCrd";
          char quote = '"';
          String block = \"""
              java.time.Duration in a text block \\\""" still in it
              \""";
          long calls = registry.find(io.s3posture.metrics.AwsCallMetrics.CALLS).count();
          List<String> names = list.stream().map(String::trim).toList();
          Object escaped = "a \\" java.util.Set" + java.util.Set.of();
        }
        """;

    assertThat(inlineNames(source))
        .containsExactly(
            "6 org.junit.jupiter.api.Test",
            "9 java.util.concurrent.atomic.AtomicLong",
            "15 io.s3posture.metrics.AwsCallMetrics",
            "17 java.util.Set");
  }

  /** "line qualified.Name" for each qualified type name in the code of {@code source}. */
  static List<String> inlineNames(String source) {
    String[] lines = codeOnly(source).split("\n", -1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (IMPORT_OR_PACKAGE.matcher(lines[i]).find()) {
        continue;
      }
      Matcher m = QUALIFIED.matcher(lines[i]);
      while (m.find()) {
        names.add((i + 1) + " " + m.group());
      }
    }
    return names;
  }

  /** The source with comments, strings, characters and text blocks blanked (lines kept). */
  static String codeOnly(String source) {
    StringBuilder code = new StringBuilder(source);
    int i = 0;
    while (i < source.length()) {
      int end;
      if (source.startsWith("//", i)) {
        end = indexOrEnd(source, "\n", i);
      } else if (source.startsWith("/*", i)) {
        end = indexOrEnd(source, "*/", i + 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, "\"\"\"", i + 3);
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = closing(source, String.valueOf(source.charAt(i)), i + 1);
      } else {
        i++;
        continue;
      }
      end = Math.min(end, source.length());
      for (int j = i; j < end; j++) {
        if (code.charAt(j) != '\n') {
          code.setCharAt(j, ' ');
        }
      }
      i = end;
    }
    return code.toString();
  }

  /** The index just after the unescaped {@code quote} that closes a literal opened before from. */
  private static int closing(String source, String quote, int from) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(quote, i)) {
        return i + quote.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static int indexOrEnd(String source, String what, int from) {
    int at = source.indexOf(what, from);
    return at < 0 ? source.length() : at;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
