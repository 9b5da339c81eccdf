package io.s3posture.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal session the docs show in a {@code console} block: commands after a {@code $ } prompt
 * (continuation lines joined), each followed by the output it printed. A line {@code ...} in an
 * output stands for lines left out.
 */
record ConsoleSession(String file, int line, List<ConsoleSession.Step> steps) {

  /** An output line that stands for any number of lines. */
  static final String ELISION = "...";

  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([\\w-]*).*$");

  /** One command as written and the output shown below it. */
  record Step(int line, String command, List<String> output) {

    /** {@code cat FILE}: the docs show a file's content this way. */
    boolean showsFile() {
      return command.matches("cat [\\w.-]+");
    }

    String shownFile() {
      return command.substring("cat ".length());
    }
  }

  /** Every console session of a markdown file, in order. */
  static List<ConsoleSession> in(Path markdown) {
    List<String> lines;
    try {
      lines = Files.readAllLines(markdown);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = DocumentedCommands.REPOSITORY.relativize(markdown).toString();
    List<ConsoleSession> sessions = new ArrayList<>();
    List<Step> steps = null;
    int start = 0;
    StringBuilder command = new StringBuilder();
    int commandLine = 0;
    List<String> output = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      Matcher fence = FENCE.matcher(text);
      if (fence.matches()) {
        if (steps == null && fence.group(2).equals("console")) {
          steps = new ArrayList<>();
          start = i + 1;
        } else if (steps != null) {
          addStep(steps, commandLine, command, output);
          sessions.add(new ConsoleSession(name, start, List.copyOf(steps)));
          steps = null;
        }
        continue;
      }
      if (steps == null) {
        continue;
      }
      boolean continued = !command.isEmpty() && command.charAt(command.length() - 1) == '\\';
      if (continued) {
        String joined = command.substring(0, command.length() - 1).stripTrailing();
        command.setLength(0);
        command.append(joined).append(' ').append(text.strip());
      } else if (text.startsWith("$ ")) {
        addStep(steps, commandLine, command, output);
        command.append(text.substring(2).strip());
        commandLine = i + 1;
      } else {
        output.add(text.stripTrailing());
      }
    }
    return sessions;
  }

  private static void addStep(
      List<Step> steps, int line, StringBuilder command, List<String> output) {
    if (!command.isEmpty()) {
      steps.add(
          new Step(
              line,
              DocumentedCommands.withoutComment(command.toString()).strip(),
              List.copyOf(output)));
    }
    command.setLength(0);
    output.clear();
  }

  /**
   * Whether {@code actual} is what {@code shown} shows: the same lines (trailing blanks aside),
   * where a {@value #ELISION} line in {@code shown} matches any run of lines.
   */
  static boolean matches(List<String> shown, List<String> actual) {
    return matches(shown, 0, strip(actual), 0);
  }

  private static boolean matches(List<String> shown, int s, List<String> actual, int a) {
    if (s == shown.size()) {
      return a == actual.size();
    }
    if (shown.get(s).equals(ELISION)) {
      for (int skip = a; skip <= actual.size(); skip++) {
        if (matches(shown, s + 1, actual, skip)) {
          return true;
        }
      }
      return false;
    }
    return a < actual.size()
        && shown.get(s).equals(actual.get(a))
        && matches(shown, s + 1, actual, a + 1);
  }

  private static List<String> strip(List<String> lines) {
    return lines.stream().map(String::stripTrailing).toList();
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
