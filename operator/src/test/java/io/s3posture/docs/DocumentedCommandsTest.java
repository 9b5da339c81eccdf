package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.docs.DocumentedCommands.Command;
import io.s3posture.testing.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The make targets and Maven invocations that README.md and docs/ show work as written, in a dry
 * form: {@code make -n <target>} succeeds for every documented target, and every {@code mvn}
 * command parses, selects modules that exist ({@code mvn -o ... validate} with the same options),
 * names lifecycle phases or plugin goals, and selects tests that exist, with the flag that keeps a
 * multi-module build from failing in a module without them ({@code No tests matching pattern}).
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
  void commandsAreSplitLikeAShellSplitsThem() {
    assertThat(DocumentedCommands.words("mvn -Dit.test='AIT,BIT' -pl \"my module\""))
        .containsExactly("mvn", "-Dit.test=AIT,BIT", "-pl", "my module");
    assertThat(DocumentedCommands.withoutComment("make test   # runs 'all' tests"))
        .isEqualTo("make test   ");
    assertThat(DocumentedCommands.withoutComment("echo '#not a comment'"))
        .isEqualTo("echo '#not a comment'");
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
}
