package io.s3posture.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The layering of the operator's packages, as data: which packages each package may use. The graph
 * flows one way (no cycles), SDK types stay in {@code aws}, and {@code aws} knows no CRD type. The
 * same rules run against a fixture with violations, so a broken rule cannot pass silently.
 */
class LayeringTest {

  private static final String BASE = "io.s3posture";

  /** Each package and the packages of the product it may use (besides itself). */
  static final Map<String, Set<String>> MAY_USE =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("api", Set.of()),
              Map.entry("aws", Set.of()),
              Map.entry("concurrent", Set.of()),
              Map.entry("events", Set.of()),
              Map.entry("control", Set.of("api", "aws")),
              Map.entry("target", Set.of("api", "aws")),
              Map.entry("changes", Set.of("aws", "concurrent")),
              Map.entry(
                  "fleet", Set.of("api", "aws", "changes", "concurrent", "control", "target")),
              Map.entry("status", Set.of("api", "aws", "control", "fleet")),
              Map.entry("metrics", Set.of("aws", "control", "fleet")),
              Map.entry("reports", Set.of("api", "concurrent", "control", "fleet", "status")),
              Map.entry(
                  "reconciler",
                  Set.of(
                      "api",
                      "aws",
                      "concurrent",
                      "control",
                      "events",
                      "fleet",
                      "metrics",
                      "reports",
                      "status",
                      "target")),
              Map.entry(
                  "cli",
                  Set.of("api", "aws", "concurrent", "control", "fleet", "metrics", "target")),
              Map.entry(
                  "operator",
                  Set.of(
                      "api",
                      "aws",
                      "changes",
                      "concurrent",
                      "control",
                      "events",
                      "fleet",
                      "metrics",
                      "reconciler",
                      "reports",
                      "status",
                      "target"))));

  /** The operator's own classes, as compiled (not the local stack's, not the tests'). */
  private static final JavaClasses PRODUCT =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  private static final JavaClasses FIXTURE =
      new ClassFileImporter().importPackages(BASE + ".architecture.fixture");

  /** The rules for the packages under {@code base}. */
  static List<ArchRule> rules(String base) {
    List<ArchRule> rules = new ArrayList<>();
    rules.add(
        noClasses()
            .that()
            .resideOutsideOfPackage(base + ".aws..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon..")
            .as("SDK types stay in " + base + ".aws")
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage(base + ".aws..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(base + ".api..")
            .as(base + ".aws knows no CRD type")
            .allowEmptyShould(true));
    MAY_USE.forEach(
        (layer, allowed) -> {
          List<String> forbidden =
              MAY_USE.keySet().stream()
                  .filter(other -> !other.equals(layer) && !allowed.contains(other))
                  .map(other -> base + "." + other + "..")
                  .toList();
          rules.add(
              noClasses()
                  .that()
                  .resideInAPackage(base + "." + layer + "..")
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(forbidden.toArray(String[]::new))
                  .as(base + "." + layer + " uses only " + allowed)
                  .allowEmptyShould(true));
        });
    rules.add(
        slices()
            .matching(base + ".(*)..")
            .should()
            .beFreeOfCycles()
            .as("the packages under " + base + " depend on each other in one direction")
            .allowEmptyShould(true));
    return rules;
  }

  @Test
  void theProductKeepsItsLayers() {
    for (ArchRule rule : rules(BASE)) {
      rule.check(PRODUCT);
    }
  }

  @Test
  void everyProductPackageHasItsPlaceInTheTable() {
    List<String> packages =
        PRODUCT.stream()
            .map(c -> c.getPackageName())
            .filter(p -> p.startsWith(BASE + "."))
            .map(p -> p.substring(BASE.length() + 1).split("\\.")[0])
            .distinct()
            .toList();

    assertThat(packages).as("the classes were found").contains("aws", "control", "fleet");
    assertThat(MAY_USE.keySet()).containsAll(packages);
  }

  @Test
  void theRulesSeeAViolation() {
    List<ArchRule> rules = rules(BASE + ".architecture.fixture");
    List<String> failed =
        rules.stream()
            .filter(rule -> rule.evaluate(FIXTURE).hasViolation())
            .map(ArchRule::getDescription)
            .toList();

    assertThat(failed)
        .contains(
            "SDK types stay in io.s3posture.architecture.fixture.aws",
            "io.s3posture.architecture.fixture.aws knows no CRD type",
            "io.s3posture.architecture.fixture.aws uses only []");
    EvaluationResult sdk = rules.get(0).evaluate(FIXTURE);
    assertThat(sdk.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("Meters").contains("ExecutionInterceptor"));
    assertThatThrownBy(() -> rules.get(1).check(FIXTURE)).isInstanceOf(AssertionError.class);
  }
}
