package io.s3posture.docs;

import io.s3posture.testing.CommandResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kubectl or helm accepts, read from the tool's own help (no cluster needed): its subcommands
 * and, for a command path such as {@code helm upgrade} or {@code kubectl create rolebinding}, its
 * flags (global ones included) and whether each takes a value.
 */
final class CliHelp {

  /** Whether a flag takes a value: never, as the next word (or after =), or only after =. */
  enum Arity {
    NONE,
    REQUIRED,
    OPTIONAL
  }

  // kubectl:   "    -n, --namespace='':"  "    --all=false:"
  private static final Pattern KUBECTL_FLAG =
      Pattern.compile("^\\s+(?:-(\\w), )?--([\\w-]+)=(.*):$");
  // helm:      "  -n, --namespace string   ..."  "      --atomic   ..."  "--dry-run
  // string[="client"]"
  private static final Pattern HELM_FLAG =
      Pattern.compile("^\\s+(?:-(\\w), )?--([\\w-]+)( \\w+)?(\\[=[^]]*])?\\s{2,}.*$");
  private static final Pattern SUBCOMMAND = Pattern.compile("^\\s{2}([a-z][\\w-]*)\\s{2,}\\S.*$");

  private final Path binary;
  private final boolean kubectl;
  private final Map<List<String>, Optional<Help>> cache = new ConcurrentHashMap<>();
  private String globalOptions;

  /** One command path's help: its flags and its subcommands. */
  record Help(Map<String, Arity> flags, Set<String> subcommands) {}

  private CliHelp(Path binary, boolean kubectl) {
    this.binary = binary;
    this.kubectl = kubectl;
  }

  static CliHelp kubectl(Path binary) {
    return new CliHelp(binary, true);
  }

  static CliHelp helm(Path binary) {
    return new CliHelp(binary, false);
  }

  /**
   * The help of a command path, global flags included; empty when the tool does not know the
   * command.
   */
  Optional<Help> help(List<String> path) {
    return cache.computeIfAbsent(List.copyOf(path), this::read);
  }

  private Optional<Help> read(List<String> path) {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(path);
    command.add("--help");
    CommandResult result = CommandResult.run(Path.of("."), 60, command);
    if (result.exitCode() != 0) {
      return Optional.empty();
    }
    String text = result.stdout();
    if (kubectl) {
      text = text + "\n" + globalOptions();
    }
    Map<String, Arity> flags = new HashMap<>();
    Set<String> subcommands = new LinkedHashSet<>();
    boolean inCommands = false;
    for (String line : text.lines().toList()) {
      if (line.matches(".*Commands( \\(.*\\))?:$")) {
        inCommands = true;
        continue;
      }
      if (line.isBlank()) {
        inCommands = false;
        continue;
      }
      Matcher subcommand = SUBCOMMAND.matcher(line);
      if (inCommands) {
        if (subcommand.matches()) {
          subcommands.add(subcommand.group(1));
        }
        continue;
      }
      Matcher flag = (kubectl ? KUBECTL_FLAG : HELM_FLAG).matcher(line);
      if (flag.matches()) {
        Arity arity = kubectl ? kubectlArity(flag.group(3)) : helmArity(flag);
        flags.put("--" + flag.group(2), arity);
        if (flag.group(1) != null) {
          flags.put("-" + flag.group(1), arity);
        }
      }
    }
    return Optional.of(new Help(Map.copyOf(flags), Set.copyOf(subcommands)));
  }

  /** {@code kubectl options}: the flags every kubectl command takes, read once. */
  private synchronized String globalOptions() {
    if (globalOptions == null) {
      globalOptions =
          CommandResult.run(Path.of("."), 60, List.of(binary.toString(), "options"))
              .successfulOutput();
    }
    return globalOptions;
  }

  /** kubectl shows a boolean's default as true or false; every other flag takes a value. */
  private static Arity kubectlArity(String defaultValue) {
    return defaultValue.equals("true") || defaultValue.equals("false")
        ? Arity.NONE
        : Arity.REQUIRED;
  }

  /** helm names a flag's value type after it; {@code [=...]} marks a value that may be left out. */
  private static Arity helmArity(Matcher flag) {
    if (flag.group(4) != null) {
      return Arity.OPTIONAL;
    }
    return flag.group(3) == null ? Arity.NONE : Arity.REQUIRED;
  }
}
