package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/argocd.md's health table says what the shipped script does: every health it names is one the
 * script sets, every reason it names is one the script or the operator uses, and no row names a
 * condition the operator no longer sets (the table once promised a Compliant condition).
 */
class ArgoDocTableTest {

  private static final Path DOC = DocumentedCommands.REPOSITORY.resolve("docs/argocd.md");
  private static final Path SCRIPT =
      DocumentedCommands.REPOSITORY.resolve("docs/argocd/health.lua");

  @Test
  void theTableNamesOnlyWhatTheScriptDoes() throws IOException {
    String script = Files.readString(SCRIPT);
    List<String> rows =
        Files.readString(DOC).lines().filter(line -> line.matches("^\\| [A-Z]\\w+ \\|.*")).toList();
    assertThat(rows).hasSizeGreaterThan(5);
    for (String row : rows) {
      String health = row.split("\\|")[1].strip();
      assertThat(script).as(row).contains("hs.status = \"" + health + "\"");
      Matcher condition = Pattern.compile("`(\\w+)=(True|False|Unknown)`").matcher(row);
      while (condition.find()) {
        assertThat(condition.group(1)).as(row).isIn("Ready", "Synced", "Reconciling", "Stalled");
        assertThat(script).as(row).contains("\"" + condition.group(1) + "\"");
      }
    }
    for (String reason : List.of("AwaitingApproval")) {
      assertThat(script).contains("\"" + reason + "\"");
    }
    assertThat(Files.readString(DOC)).doesNotContain("Compliant=");
  }
}
