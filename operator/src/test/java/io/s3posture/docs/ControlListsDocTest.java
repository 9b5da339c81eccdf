package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.control.AuditInfo;
import io.s3posture.control.CheckInfo;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lists of controls in the docs follow the control catalog: adding a control to the catalog
 * fails here until the README's reference table, the audit JSON's check ids, the metrics' control
 * labels and the IAM table name it. A control is code, tests and these lines; nothing else keeps a
 * list (the CRD rule and the CLI baseline derive theirs, see ControlCatalogTest).
 */
class ControlListsDocTest {

  private static final Path REPOSITORY = DocumentedCommands.REPOSITORY;
  private static final ControlCatalog CATALOG = ControlCatalog.standard();
  private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9]+)`");

  private static Set<String> bucketControls() {
    return names(CATALOG.bucketControls().stream().map(c -> c.name().specName()));
  }

  private static Set<String> accountControls() {
    return names(CATALOG.accountControls().stream().map(c -> c.name().specName()));
  }

  /** Every audit check the catalog declares, bucket and account. */
  private static Set<String> checkIds() {
    List<Control<?, ?, ?>> all = new ArrayList<>(CATALOG.bucketControls());
    all.addAll(CATALOG.accountControls());
    return names(
        all.stream()
            .map(c -> c.info().audit())
            .map(AuditInfo::checks)
            .flatMap(List::stream)
            .map(CheckInfo::id));
  }

  private static Set<String> names(Stream<String> names) {
    return names.collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theReadmeControlsTableHasOneRowPerBucketControl() throws IOException {
    Set<String> rows = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(REPOSITORY.resolve("README.md"))) {
      if (line.startsWith("| control | compliant when |")) {
        inTable = true;
      } else if (inTable && line.startsWith("| `")) {
        Matcher name = CODE.matcher(line);
        assertThat(name.find()).as(line).isTrue();
        rows.add(name.group(1));
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }

    assertThat(rows).isEqualTo(bucketControls());
  }

  @Test
  void theReadmeAccountPolicyTableNamesEveryDetectionCheck() throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    for (String control : accountControls()) {
      if (!control.equals("publicAccessBlock")) { // the account flags have their own paragraph
        assertThat(readme).as("README's AccountPolicy table").contains("| `" + control + ":");
      }
    }
  }

  @Test
  void theAuditJsonDocListsEveryCheckId() throws IOException {
    String idRow =
        Files.readAllLines(REPOSITORY.resolve("docs/audit-json.md")).stream()
            .filter(line -> line.startsWith("| `id` |"))
            .findFirst()
            .orElseThrow();

    assertThat(codes(idRow)).containsAll(checkIds());
  }

  @Test
  void theMetricsDocNamesEveryControlLabelValue() throws IOException {
    String labels = paragraphWith(REPOSITORY.resolve("docs/metrics.md"), "`control` one of");

    assertThat(codes(labels)).containsAll(bucketControls()).containsAll(accountControls());
  }

  @Test
  void theIamTableSaysWhichCallsEveryBucketControlMakes() throws IOException {
    Set<String> named = new TreeSet<>();
    for (String line : Files.readAllLines(REPOSITORY.resolve("docs/iam.md"))) {
      if (line.startsWith("| ") && !line.startsWith("| API operation")) {
        String[] cells = line.split("\\|");
        named.addAll(codes(cells[cells.length - 1]));
      }
    }

    assertThat(named).containsAll(bucketControls());
  }

  private static Set<String> codes(String text) {
    Set<String> codes = new TreeSet<>();
    Matcher matcher = CODE.matcher(text);
    while (matcher.find()) {
      codes.add(matcher.group(1));
    }
    return codes;
  }

  /** The paragraph of {@code file} that contains {@code marker}. */
  private static String paragraphWith(Path file, String marker) throws IOException {
    for (String paragraph : Files.readString(file).split("\n\n")) {
      if (paragraph.contains(marker)) {
        return paragraph;
      }
    }
    throw new AssertionError(file + " has no paragraph with " + marker);
  }
}
