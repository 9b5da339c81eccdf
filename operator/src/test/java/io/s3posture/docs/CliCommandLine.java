package io.s3posture.docs;

import io.s3posture.docs.CliHelp.Arity;
import io.s3posture.docs.CliHelp.Help;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubectl or helm command line read as the tool reads it, with the tool's own help: the command
 * path ({@code upgrade}, {@code create rolebinding}), the flags with their values, the other
 * arguments, and what the tool would reject (an unknown command or flag, a flag without its value).
 */
record CliCommandLine(
    List<String> path,
    List<Map.Entry<String, String>> flags,
    List<String> positionals,
    List<String> problems) {

  static CliCommandLine read(CliHelp tool, List<String> args) {
    List<String> path = new ArrayList<>();
    List<Map.Entry<String, String>> flags = new ArrayList<>();
    List<String> positionals = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Help help = tool.help(List.of()).orElseThrow();
    for (int i = 0; i < args.size(); i++) {
      String word = args.get(i);
      if (word.startsWith("-") && word.length() > 1 && !word.equals("--")) {
        String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        Arity arity = help.flags().get(name);
        if (arity == null) {
          problems.add("unknown flag " + name + " for " + String.join(" ", path));
          continue;
        }
        String value = "";
        if (word.contains("=")) {
          value = word.substring(word.indexOf('=') + 1);
        } else if (arity == Arity.REQUIRED) {
          if (i + 1 >= args.size()) {
            problems.add(name + " needs a value");
            continue;
          }
          value = args.get(++i);
        }
        flags.add(Map.entry(name, value));
      } else if (positionals.isEmpty() && help.subcommands().contains(word)) {
        path.add(word);
        Optional<Help> sub = tool.help(path);
        if (sub.isEmpty()) {
          problems.add("no help for " + String.join(" ", path));
          break;
        }
        help = sub.get();
      } else if (path.isEmpty()) {
        problems.add("unknown command " + word);
        break;
      } else {
        positionals.add(word);
      }
    }
    if (path.isEmpty() && problems.isEmpty()) {
      problems.add("no command");
    }
    return new CliCommandLine(List.copyOf(path), flags, List.copyOf(positionals), problems);
  }

  /** The values of a flag, by any of its names (e.g. {@code -n} and {@code --namespace}). */
  List<String> values(String... names) {
    List<String> wanted = List.of(names);
    return flags.stream()
        .filter(f -> wanted.contains(f.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  String verb() {
    return path.isEmpty() ? "" : path.get(0);
  }
}
