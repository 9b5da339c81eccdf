package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.cli.AuditCheck;
import io.s3posture.control.AttackMapping;
import io.s3posture.control.AttackTechnique;
import io.s3posture.control.ControlCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/threat-model.md says what the code declares: its technique table is {@link AttackTechnique},
 * its check table names every check of every registered control with exactly the techniques the
 * check mitigates and detects, and its scenarios name only checks and techniques that exist.
 */
class ThreatModelDocTest {

  private static final Path DOC = DocumentedCommands.REPOSITORY.resolve("docs/threat-model.md");
  private static final List<AuditCheck> CHECKS = AuditCheck.all(ControlCatalog.standard());

  @Test
  void theTechniqueTableIsTheCatalogOfTechniques() throws IOException {
    List<String[]> rows = table("<!-- attack-techniques: AttackTechnique -->");

    assertThat(rows)
        .extracting(cells -> cells[0] + " | " + cells[1] + " | " + cells[2])
        .containsExactlyElementsOf(
            Arrays.stream(AttackTechnique.values())
                .map(t -> "[" + t.id() + "](" + t.url() + ") | " + t.title() + " | " + t.tactics())
                .toList());
  }

  @Test
  void everyCheckOfEveryControlIsListedWithTheTechniquesItDeclares() throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String[] cells : table("<!-- attack-checks: ControlCatalog -->")) {
      Set<String> ids = backticked(cells[0]);
      assertThat(ids).as("one check per row: %s", cells[0]).hasSize(1);
      assertThat(rows.put(ids.iterator().next(), cells)).as("listed once: %s", ids).isNull();
    }

    assertThat(rows.keySet())
        .as("the checks of the registered controls")
        .containsExactlyInAnyOrderElementsOf(CHECKS.stream().map(AuditCheck::id).toList());
    for (AuditCheck check : CHECKS) {
      String[] cells = rows.get(check.id());
      assertThat(techniques(cells[1]))
          .as("what %s mitigates", check.id())
          .isEqualTo(declared(check, AttackMapping.Relation.MITIGATES));
      assertThat(techniques(cells[2]))
          .as("what %s detects", check.id())
          .isEqualTo(declared(check, AttackMapping.Relation.DETECTS));
    }
  }

  @Test
  void theScenariosNameOnlyChecksAndTechniquesThatExist() throws IOException {
    String doc = Files.readString(DOC);
    String scenarios =
        doc.substring(doc.indexOf("## 1. "), doc.indexOf("## Every check and its techniques"));
    Set<String> checkIds = CHECKS.stream().map(AuditCheck::id).collect(Collectors.toSet());
    Set<String> techniqueIds =
        Arrays.stream(AttackTechnique.values())
            .map(AttackTechnique::id)
            .collect(Collectors.toSet());
    List<String> tableRows =
        scenarios.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| step")).toList();

    assertThat(tableRows).as("scenario tables").hasSizeGreaterThan(10);
    for (String row : tableRows) {
      String[] cells = row.substring(1, row.length() - 1).split("\\|");
      assertThat(cells).as(row).hasSize(4);
      assertThat(techniques(cells[1])).as(row).isNotEmpty().isSubsetOf(techniqueIds);
      Set<String> named = backticked(cells[2] + cells[3]);
      assertThat(named).as("checks named in %s", row).isNotEmpty().isSubsetOf(checkIds);
    }
  }

  private static Set<String> declared(AuditCheck check, AttackMapping.Relation relation) {
    return check.attack().stream()
        .filter(mapping -> mapping.relation() == relation)
        .map(mapping -> mapping.technique().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The table after {@code marker}: its rows' cells, trimmed. */
  private static List<String[]> table(String marker) throws IOException {
    String doc = Files.readString(DOC);
    int at = doc.indexOf(marker);
    assertThat(at).as("the marked table %s in %s", marker, DOC).isNotNegative();
    List<String[]> rows = new ArrayList<>();
    for (String line : doc.substring(at).lines().skip(3).toList()) { // marker, header, rule
      if (!line.startsWith("|")) {
        break;
      }
      rows.add(
          Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
              .map(String::trim)
              .toArray(String[]::new));
    }
    return rows;
  }

  private static Set<String> techniques(String cell) {
    Set<String> ids = new TreeSet<>();
    Matcher m = Pattern.compile("\\bT[0-9]{4}(?:\\.[0-9]{3})?\\b").matcher(cell);
    while (m.find()) {
      ids.add(m.group());
    }
    return ids;
  }

  private static Set<String> backticked(String cell) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
