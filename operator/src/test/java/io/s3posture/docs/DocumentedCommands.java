package io.s3posture.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shell commands the README and docs/ show: lines of fenced code blocks (a leading {@code $ }
 * prompt dropped, continuation lines joined, trailing {@code # comments} cut) and inline code spans
 * that start with a known program, split into words the way a shell splits them (quotes, no
 * expansion; a placeholder such as {@code <operator namespace>} is one word).
 */
public record DocumentedCommands(List<Command> commands) {

  public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  /**
   * One command as written, where it was found, and its words. {@code inline}: from a code span in
   * the text, which often names a command rather than showing a complete one.
   */
  public record Command(String file, int line, String text, List<String> words, boolean inline) {
    public String program() {
      return words.get(0);
    }

    public List<String> arguments() {
      return words.subList(1, words.size());
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + text;
    }
  }

  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([\\w-]*).*$");
  private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
  private static final List<String> OPERATORS = List.of("|", "&&", "||", ";");
  private static final List<String> SHELL_BLOCKS = List.of("", "bash", "sh", "shell", "console");

  /** Every command in README.md and docs/ whose program is one of {@code programs}. */
  public static DocumentedCommands of(String... programs) {
    List<Command> found = new ArrayList<>();
    for (Path file : markdownFiles()) {
      found.addAll(commandsIn(file));
    }
    List<String> wanted = List.of(programs);
    return new DocumentedCommands(
        found.stream().filter(c -> wanted.contains(c.program())).toList());
  }

  static List<Path> markdownFiles() {
    List<Path> files = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(REPOSITORY.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  public static List<Command> commandsIn(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = REPOSITORY.relativize(file).toString();
    List<Command> commands = new ArrayList<>();
    boolean inBlock = false;
    boolean shellBlock = false;
    StringBuilder pending = new StringBuilder();
    int pendingLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        inBlock = !inBlock;
        shellBlock = inBlock && SHELL_BLOCKS.contains(fence.group(2));
        continue;
      }
      if (!inBlock) {
        Matcher inline = INLINE.matcher(line);
        while (inline.find()) {
          add(commands, name, i + 1, inline.group(1), true);
        }
        continue;
      }
      if (!shellBlock) {
        continue;
      }
      String text = line.strip();
      if (pending.isEmpty()) {
        if (text.startsWith("$ ")) {
          text = text.substring(2);
        }
        pendingLine = i + 1;
      }
      if (text.endsWith("\\")) {
        pending.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      pending.append(text);
      add(commands, name, pendingLine, pending.toString(), false);
      pending.setLength(0);
    }
    return commands;
  }

  private static void add(
      List<Command> commands, String file, int line, String text, boolean inline) {
    String command = withoutComment(text).strip();
    if (command.isEmpty()) {
      return;
    }
    List<String> words = new ArrayList<>();
    for (String word : words(command)) {
      if (OPERATORS.contains(word)) {
        addWords(commands, file, line, command, words, inline);
        words = new ArrayList<>();
      } else {
        words.add(word);
      }
    }
    addWords(commands, file, line, command, words, inline);
  }

  private static void addWords(
      List<Command> commands,
      String file,
      int line,
      String text,
      List<String> words,
      boolean inline) {
    if (!words.isEmpty()) {
      commands.add(new Command(file, line, text, List.copyOf(words), inline));
    }
  }

  /** A word that stands for a value the reader fills in: {@code <name>}, or an elision. */
  static boolean isPlaceholder(String word) {
    return word.startsWith("<") && word.endsWith(">") && word.length() > 2
        || word.equals("...")
        || word.equals("\u2026");
  }

  /** Cuts a shell comment: a {@code #} at the start of a word, outside quotes. */
  static String withoutComment(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** Splits like a shell: whitespace separates words, quotes group (and are removed). */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '<' && !inWord && placeholderEnd(text, i) > 0) {
        int end = placeholderEnd(text, i);
        word.append(text, i, end + 1);
        inWord = true;
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The index of the {@code >} that closes a placeholder opened at {@code start}, or -1. */
  private static int placeholderEnd(String text, int start) {
    int end = text.indexOf('>', start);
    if (end <= start + 1 || text.substring(start + 1, end).contains("<")) {
      return -1;
    }
    return end;
  }
}
