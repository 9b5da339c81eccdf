package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.cli.AuditOptionsParser;
import io.s3posture.cli.PlanCommand;
import io.s3posture.cli.UsageException;
import io.s3posture.docs.DocumentedCommands.Command;
import io.s3posture.localstack.StackTools;
import io.s3posture.operator.Shard;
import io.s3posture.testing.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The commands that README.md and docs/ show work as written, checked without a cluster or AWS:
 *
 * <ul>
 *   <li>{@code make -n <target>} succeeds for every documented target;
 *   <li>every {@code mvn} command parses, selects modules that exist ({@code mvn -o ... validate}
 *       with the same options), names lifecycle phases or plugin goals, and selects tests that
 *       exist, with the flag that keeps a multi-module build from failing in a module without them
 *       ({@code No tests matching pattern});
 *   <li>every {@code bin/s3posture} (or {@code java -jar s3-posture-operator.jar}) command is one
 *       the CLI's own parser accepts;
 *   <li>every {@code kubectl} and {@code helm} command uses commands and flags the tool's own help
 *       lists, files that exist, and, for the project's kinds, resource names, {@code explain}
 *       paths, jsonpath fields, annotations and labels the CRDs and the operator know; a helm
 *       command that installs or upgrades the chart renders with its {@code --set} values.
 * </ul>
 */
class DocumentedCommandsTest {

  private static final Path REPOSITORY = DocumentedCommands.REPOSITORY;
  private static final Path TEST_SOURCES = REPOSITORY.resolve("operator/src/test/java");
  private static final Set<String> PHASES =
      Set.of("clean", "validate", "compile", "test", "package", "verify", "install");

  /** Options whose value is the next word. */
  private static final Set<String> WITH_VALUE = Set.of("-pl", "--projects", "-rf", "-P", "-f");

  @Test
  void everyDocumentedMakeTargetExists() {
    List<Command> commands = DocumentedCommands.of("make").commands();
    assertThat(commands).as("make commands in README.md and docs/").hasSizeGreaterThan(5);
    for (Command command : commands) {
      List<String> targets =
          command.arguments().stream()
              .filter(word -> !word.startsWith("-") && !word.contains("="))
              .toList();
      assertThat(targets).as("%s names a target", command).isNotEmpty();
      for (String target : targets) {
        CommandResult dryRun =
            CommandResult.run(REPOSITORY, 60, List.of("make", "--dry-run", target));
        assertThat(dryRun.exitCode())
            .as("%s: `make -n %s` failed:%n%s", command, target, dryRun.stderr())
            .isZero();
      }
    }
  }

  @Test
  void everyDocumentedMavenInvocationIsValid() {
    List<Command> commands = DocumentedCommands.of("mvn").commands();
    assertThat(commands).as("mvn commands in README.md and docs/").isNotEmpty();
    for (Command command : commands) {
      List<String> options = new ArrayList<>();
      List<String> goals = new ArrayList<>();
      List<String> args = command.arguments();
      for (int i = 0; i < args.size(); i++) {
        String word = args.get(i);
        if (WITH_VALUE.contains(word) && i + 1 < args.size()) {
          options.add(word);
          options.add(args.get(++i));
        } else if (word.startsWith("-")) {
          options.add(word);
        } else {
          goals.add(word);
        }
      }
      assertThat(goals).as("%s: phases or goals", command).isNotEmpty();
      assertThat(goals)
          .as("%s: lifecycle phases or plugin:goal", command)
          .allMatch(goal -> PHASES.contains(goal) || goal.matches("[\\w.-]+:[\\w-]+"));
      assertTestSelection(command, options);

      List<String> validate = new ArrayList<>(List.of("mvn", "-o", "-q", "-B"));
      validate.addAll(options);
      validate.add("validate");
      CommandResult result = CommandResult.run(REPOSITORY, 120, validate);
      assertThat(result.exitCode())
          .as("%s: Maven rejects its options:%n%s%s", command, result.stdout(), result.stderr())
          .isZero();
    }
  }

  @Test
  void everyDocumentedS3postureCommandIsOneTheCliAccepts() {
    List<Command> commands =
        DocumentedCommands.of("bin/s3posture", "s3posture", "java").commands().stream()
            .filter(c -> s3postureArguments(c).isPresent())
            .toList();
    assertThat(commands).as("s3posture commands in README.md and docs/").hasSizeGreaterThan(10);
    SoftAssertions softly = new SoftAssertions();
    for (Command command : commands) {
      List<String> args = s3postureArguments(command).orElseThrow();
      int elided = indexOfPlaceholder(args);
      boolean complete = !command.inline() && elided < 0;
      List<String> words = elided < 0 ? args : args.subList(0, elided);
      if (words.isEmpty() || DocumentedCommands.isPlaceholder(words.get(0))) {
        continue;
      }
      String name = words.get(0);
      softly
          .assertThat(name)
          .as("%s: a command of the jar", command)
          .isIn("run", "audit", "plan", "--help", "-h", "help", "--version", "version");
      String[] rest = words.subList(1, words.size()).toArray(String[]::new);
      if (!name.equals("audit") && !name.equals("plan")
          || AuditOptionsParser.wantsHelp(rest)
          || AuditOptionsParser.wantsVersion(rest)) {
        continue;
      }
      try {
        if (name.equals("audit")) {
          new AuditOptionsParser().parse(rest);
        } else {
          PlanCommand.parse(rest);
        }
      } catch (UsageException e) {
        // a command named in the text, or cut short by "...", need not be complete
        boolean wrongWord =
            e.getMessage().startsWith("unknown option")
                || e.getMessage().startsWith("unexpected argument")
                || e.getMessage().contains("is an audit option");
        softly
            .assertThat(complete || wrongWord ? e.getMessage() : null)
            .as("%s: the CLI rejects it", command)
            .isNull();
      }
    }
    softly.assertAll();
  }

  @Test
  void everyDocumentedKubectlCommandIsOneKubectlAccepts() {
    CliHelp kubectl = CliHelp.kubectl(tool("kubectl"));
    CrdVocabulary crds = CrdVocabulary.fromRepository();
    List<Command> commands = DocumentedCommands.of("kubectl").commands();
    assertThat(commands).as("kubectl commands in README.md and docs/").hasSizeGreaterThan(10);
    SoftAssertions softly = new SoftAssertions();
    for (Command command : commands) {
      CliCommandLine line = CliCommandLine.read(kubectl, command.arguments());
      softly.assertThat(line.problems()).as("%s: kubectl rejects it", command).isEmpty();
      softly
          .assertThat(missingFiles(line.values("-f", "--filename", "--patch-file")))
          .as("%s: files that do not exist", command)
          .isEmpty();
      softly
          .assertThat(ourResourceProblems(line, crds))
          .as("%s: the project's kinds as the CRDs and the operator name them", command)
          .isEmpty();
    }
    softly.assertAll();
  }

  @Test
  void everyDocumentedHelmCommandIsOneHelmAcceptsAndRendersTheChart() {
    Path helmBinary = tool("helm");
    CliHelp helm = CliHelp.helm(helmBinary);
    List<Command> commands = DocumentedCommands.of("helm").commands();
    assertThat(commands).as("helm commands in README.md and docs/").hasSizeGreaterThan(5);
    SoftAssertions softly = new SoftAssertions();
    int rendered = 0;
    for (Command command : commands) {
      CliCommandLine line = CliCommandLine.read(helm, command.arguments());
      softly.assertThat(line.problems()).as("%s: helm rejects it", command).isEmpty();
      softly
          .assertThat(missingFiles(line.values("-f", "--values")))
          .as("%s: files that do not exist", command)
          .isEmpty();
      if (line.problems().isEmpty()
          && List.of("install", "upgrade", "template").contains(line.verb())
          && line.positionals().contains(CHART)) {
        CommandResult render = render(helmBinary, line);
        softly
            .assertThat(render.exitCode())
            .as("%s: the chart does not render with its values:%n%s", command, render.stderr())
            .isZero();
        rendered++;
      }
    }
    softly.assertAll();
    assertThat(rendered).as("install and upgrade commands of the chart, rendered").isPositive();
  }

  @Test
  void commandsAreSplitLikeAShellSplitsThem() {
    assertThat(DocumentedCommands.words("mvn -Dit.test='AIT,BIT' -pl \"my module\""))
        .containsExactly("mvn", "-Dit.test=AIT,BIT", "-pl", "my module");
    assertThat(DocumentedCommands.withoutComment("make test   # runs 'all' tests"))
        .isEqualTo("make test   ");
    assertThat(DocumentedCommands.withoutComment("echo '#not a comment'"))
        .isEqualTo("echo '#not a comment'");
    assertThat(DocumentedCommands.words("kubectl -n <operator namespace> get pods"))
        .containsExactly("kubectl", "-n", "<operator namespace>", "get", "pods");
    assertThat(DocumentedCommands.words("a=<x> <y"))
        .as("not a placeholder at the start of a word, or not closed")
        .containsExactly("a=<x>", "<y");
  }

  @Test
  void kubectlAndHelmCommandLinesAreReadWithTheToolsHelp() {
    CliHelp kubectl = CliHelp.kubectl(tool("kubectl"));
    CliCommandLine annotate =
        CliCommandLine.read(
            kubectl, List.of("-n", "ns", "annotate", "bucketpolicy", "p", "a=b", "--overwrite"));
    assertThat(annotate.problems()).isEmpty();
    assertThat(annotate.path()).containsExactly("annotate");
    assertThat(annotate.positionals()).containsExactly("bucketpolicy", "p", "a=b");
    assertThat(annotate.values("--namespace", "-n")).containsExactly("ns");
    assertThat(CliCommandLine.read(kubectl, List.of("get", "pods", "--no-such-flag")).problems())
        .containsExactly("unknown flag --no-such-flag for get");
    assertThat(CliCommandLine.read(kubectl, List.of("create", "rolebinding", "x")).path())
        .containsExactly("create", "rolebinding");
    assertThat(CliCommandLine.read(kubectl, List.of("gett", "pods")).problems())
        .containsExactly("unknown command gett");

    CliHelp helm = CliHelp.helm(tool("helm"));
    CliCommandLine upgrade =
        CliCommandLine.read(
            helm, List.of("upgrade", "r", CHART, "-n", "ns", "--reuse-values", "--set", "a=b"));
    assertThat(upgrade.problems()).isEmpty();
    assertThat(upgrade.positionals()).containsExactly("r", CHART);
    assertThat(upgrade.values("--set")).containsExactly("a=b");
    assertThat(CliCommandLine.read(helm, List.of("upgrade", "--reuse-value")).problems())
        .containsExactly("unknown flag --reuse-value for upgrade");

    CrdVocabulary crds = CrdVocabulary.fromRepository();
    assertThat(crds.knows("bucketpolicies")).isTrue();
    assertThat(crds.knows("s3posture")).as("the CRDs' category").isTrue();
    assertThat(crds.looksOurs("bucketpolicys")).isTrue();
    assertThat(crds.knows("bucketpolicys")).isFalse();
    assertThat(
            CrdVocabulary.hasPath(
                crds.schema("bucketpolicy").orElseThrow(),
                List.of("spec", "controls", "encryption")))
        .isTrue();
    assertThat(
            CrdVocabulary.hasPath(
                crds.schema("bucketpolicy").orElseThrow(), List.of("status", "plan", "hsh")))
        .isFalse();
  }

  /**
   * {@code -Dtest} / {@code -Dit.test} name test classes that exist and that the plugin runs
   * (surefire *Test, failsafe *IT); a build of more than one module needs {@code
   * -Dsurefire.failIfNoSpecifiedTests=false}, or the module without them fails.
   */
  private static void assertTestSelection(Command command, List<String> options) {
    boolean severalModules =
        !options.contains("-pl") && !options.contains("--projects")
            || options.contains("-am")
            || options.contains("--also-make");
    for (String option : options) {
      if (option.startsWith("-Dtest=")) {
        List<String> names = classNames(option);
        if (!names.equals(List.of("none"))) {
          names.forEach(name -> assertTestClass(command, name, "Test"));
        }
        if (severalModules) {
          assertThat(options)
              .as("%s: -Dtest in a multi-module build", command)
              .contains("-Dsurefire.failIfNoSpecifiedTests=false");
        }
      }
      if (option.startsWith("-Dit.test=")) {
        classNames(option).forEach(name -> assertTestClass(command, name, "IT"));
      }
    }
  }

  private static List<String> classNames(String option) {
    return Stream.of(option.substring(option.indexOf('=') + 1).split(","))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .toList();
  }

  private static void assertTestClass(Command command, String name, String suffix) {
    assertThat(name).as("%s: %s runs *%s classes", command, name, suffix).endsWith(suffix);
    try (Stream<Path> sources = Files.walk(TEST_SOURCES)) {
      Set<String> found =
          sources
              .map(p -> p.getFileName().toString())
              .filter(file -> file.equals(name + ".java"))
              .collect(Collectors.toSet());
      assertThat(found).as("%s: test class %s exists", command, name).isNotEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String CHART = "helm/s3-posture-operator";

  /** The annotations the operator reads on a BucketPolicy, and the labels it selects by. */
  private static final Set<String> OUR_ANNOTATIONS =
      Set.of(
          BucketPolicy.CHECK_NOW_ANNOTATION,
          BucketPolicy.RESUME_ANNOTATION,
          BucketPolicy.APPROVE_PLAN_ANNOTATION);

  private static final Set<String> OUR_LABELS = Set.of(Shard.LABEL);

  /** Verbs whose first argument is a resource type (or type/name). */
  private static final Set<String> RESOURCE_VERBS =
      Set.of("get", "describe", "annotate", "label", "delete", "edit", "patch", "wait", "explain");

  /**
   * The jar's arguments of a documented command: after {@code bin/s3posture} or {@code s3posture},
   * or after {@code -jar ...s3-posture-operator.jar}; redirections cut off.
   */
  private static Optional<List<String>> s3postureArguments(Command command) {
    List<String> args = command.arguments();
    if (command.program().equals("java")) {
      int jar = args.indexOf("-jar");
      if (jar < 0
          || jar + 1 >= args.size()
          || !args.get(jar + 1).endsWith("s3-posture-operator.jar")) {
        return Optional.empty();
      }
      args = args.subList(jar + 2, args.size());
    }
    List<String> kept = new ArrayList<>();
    for (String word : args) {
      if (word.startsWith(">") || word.matches("\\d>.*")) {
        break;
      }
      kept.add(word);
    }
    return Optional.of(kept);
  }

  private static int indexOfPlaceholder(List<String> words) {
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals("...") || words.get(i).equals("\u2026")) {
        return i;
      }
    }
    return -1;
  }

  /** Files named by flags that do not exist in the repository (URLs and placeholders aside). */
  private static List<String> missingFiles(List<String> files) {
    return files.stream()
        .filter(f -> !f.contains("://") && !f.equals("-") && !DocumentedCommands.isPlaceholder(f))
        .filter(f -> !Files.exists(REPOSITORY.resolve(f)))
        .toList();
  }

  /**
   * What kubectl would not find for the project's kinds: an unknown resource name, an {@code
   * explain} path or {@code -o jsonpath} field the schema does not have, an {@code s3posture.io/}
   * annotation or label the operator does not read.
   */
  private static List<String> ourResourceProblems(CliCommandLine line, CrdVocabulary crds) {
    List<String> problems = new ArrayList<>();
    if (!RESOURCE_VERBS.contains(line.verb()) || line.positionals().isEmpty()) {
      return problems;
    }
    String resource = line.positionals().get(0);
    if (DocumentedCommands.isPlaceholder(resource)) {
      return problems;
    }
    if (line.verb().equals("explain")) {
      List<String> path = Arrays.asList(resource.split("\\."));
      resource = path.get(0);
      List<String> fields = path.subList(1, path.size());
      crds.schema(resource)
          .filter(schema -> !CrdVocabulary.hasPath(schema, fields))
          .ifPresent(schema -> problems.add("no field " + String.join(".", fields)));
    }
    List<String> types = new ArrayList<>();
    for (String part : resource.split(",")) {
      types.add(part.contains("/") ? part.substring(0, part.indexOf('/')) : part);
    }
    for (String type : types) {
      if (crds.looksOurs(type) && !crds.knows(type)) {
        problems.add("no resource " + type);
      }
    }
    boolean ours = types.stream().allMatch(t -> crds.schema(t).isPresent());
    if (!ours) {
      return problems;
    }
    for (String output : line.values("-o", "--output")) {
      if (output.startsWith("jsonpath=")) {
        String expression = output.substring("jsonpath=".length()).replaceAll("[{}]", "");
        List<String> fields =
            Arrays.stream(expression.split("(?<!\\\\)\\.")).filter(f -> !f.isEmpty()).toList();
        if (!CrdVocabulary.hasPath(crds.schema(types.get(0)).orElseThrow(), fields)) {
          problems.add("no field " + expression);
        }
      }
    }
    Set<String> known =
        switch (line.verb()) {
          case "annotate" -> OUR_ANNOTATIONS;
          case "label" -> OUR_LABELS;
          default -> Set.of();
        };
    for (String argument : line.positionals().subList(1, line.positionals().size())) {
      String key = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      key = key.endsWith("-") ? key.substring(0, key.length() - 1) : key;
      if ((argument.contains("=") || argument.endsWith("-"))
          && key.startsWith(CrdVocabulary.GROUP + "/")
          && !known.contains(key)) {
        problems.add("the operator does not read " + key);
      }
    }
    return problems;
  }

  /** {@code helm template} of the chart with the command's release name, namespace and values. */
  private static CommandResult render(Path helm, CliCommandLine line) {
    String release =
        line.positionals().get(0).equals(CHART) ? "s3-posture-operator" : line.positionals().get(0);
    List<String> template =
        new ArrayList<>(
            List.of(helm.toString(), "template", release, CHART, "--kube-version", "1.35.0"));
    for (var flag : line.flags()) {
      if (List.of(
              "--set",
              "--set-string",
              "--set-json",
              "--set-file",
              "-f",
              "--values",
              "-n",
              "--namespace")
          .contains(flag.getKey())) {
        template.add(flag.getKey());
        template.add(flag.getValue());
      }
    }
    return CommandResult.run(REPOSITORY, 120, template);
  }

  /**
   * A tool from the tool cache; skipped where {@code make tools} has not run ({@code make unit}), a
   * failure under {@code make test}.
   */
  private static Path tool(String name) {
    Path path = StackTools.defaultBinDir().resolve(name);
    if (!Files.isExecutable(path)) {
      String message = name + " not found at " + path + ": run `make tools`";
      if (Boolean.getBoolean("s3posture.requireTools")) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }
}
