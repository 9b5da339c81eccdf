package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.docs.ConsoleSession.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a console block of the docs is read into commands and their outputs, and compared. */
class ConsoleSessionTest {

  @TempDir Path directory;

  @Test
  void commandsWithContinuationsAndTheirOutputs() throws Exception {
    Path page = directory.resolve("page.md");
    Files.writeString(
        page,
        """
        text
        ```console
        $ export A=b
        $ tool run \\
            --flag x   # a comment
        line 1
          line 2
        $ echo $?
        1
        ```
        ```bash
        $ not a session
        ```
        """);

    List<ConsoleSession> sessions = ConsoleSession.in(page);

    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).steps())
        .containsExactly(
            new Step(3, "export A=b", List.of()),
            new Step(4, "tool run --flag x", List.of("line 1", "  line 2")),
            new Step(8, "echo $?", List.of("1")));
    assertThat(new Step(1, "cat suppressions.yaml", List.of()).showsFile()).isTrue();
    assertThat(new Step(1, "cat a.yaml | grep x", List.of()).showsFile()).isFalse();
  }

  @Test
  void elidedLinesMatchAnyRun() {
    assertThat(ConsoleSession.matches(List.of("a", "...", "d"), List.of("a", "b", "c", "d")))
        .isTrue();
    assertThat(ConsoleSession.matches(List.of("...", "d"), List.of("d"))).isTrue();
    assertThat(ConsoleSession.matches(List.of("a", "..."), List.of("a"))).isTrue();
    assertThat(ConsoleSession.matches(List.of("a", "...", "d"), List.of("a", "b", "c"))).isFalse();
    assertThat(ConsoleSession.matches(List.of("a", "b"), List.of("a", "b ", "c"))).isFalse();
    assertThat(ConsoleSession.matches(List.of("a", "b"), List.of("a", "b   "))).isTrue();
  }
}
