package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.control.AuditInfo;
import io.s3posture.control.BucketControl;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlInfo;
import io.s3posture.control.Declared;
import io.s3posture.control.Drift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.Write;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit command's checks and its recommended baseline are derived from what each registered
 * control declares ({@link ControlInfo#audit()}): a control without audit metadata, or one that is
 * neither in the baseline nor deliberately left out of it (with a reason), fails here.
 */
class AuditMetadataTest {

  private static final ControlCatalog CATALOG = ControlCatalog.standard();

  static Stream<Control<?, ?, ?>> registered() {
    return Stream.concat(CATALOG.accountControls().stream(), CATALOG.bucketControls().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void everyRegisteredControlDeclaresItsAuditChecks(Control<?, ?, ?> control) {
    assertThat(control.info().audit().checks())
        .as("%s declares its audit checks (ControlInfo.audited(...))", control.name())
        .isNotEmpty()
        .allSatisfy(
            check -> {
              assertThat(check.title()).isNotBlank();
              assertThat(check.description()).isNotBlank();
              assertThat(check.severity()).isNotNull();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void everyCheckNamesTheAttackTechniquesItMitigatesOrDetects(Control<?, ?, ?> control) {
    assertThat(control.info().audit().checks())
        .allSatisfy(
            check ->
                assertThat(check.attack())
                    .as("%s names MITRE ATT&CK techniques (.mitigates / .detects)", check.id())
                    .isNotEmpty()
                    .doesNotHaveDuplicates());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void everyRegisteredControlIsInTheBaselineOrDeliberatelyLeftOut(Control<?, ?, ?> control) {
    Posture baseline = RecommendedBaseline.posture(CATALOG);
    // bucket and account controls may share a name (publicAccessBlock): look among its kind
    boolean account = CATALOG.accountControls().contains(control);
    boolean checked =
        (account ? baseline.accountControls().stream() : baseline.controls().stream())
            .map(ManagedControl::name)
            .anyMatch(control.name()::equals);
    AuditInfo audit = control.info().audit();

    if (audit.inBaseline()) {
      assertThat(checked).as("%s is checked by the recommended baseline", control.name()).isTrue();
    } else {
      assertThat(checked).as("%s is left out of the baseline", control.name()).isFalse();
      assertThat(audit.notInBaseline().orElseThrow()).as("why").isNotBlank();
    }
  }

  @Test
  void theBaselineReportsTheChecksItsControlsDeclare() {
    Posture baseline = RecommendedBaseline.posture(CATALOG);

    assertThat(baseline.checks())
        .extracting(AuditCheck::info)
        .containsAll(
            baseline.controls().stream()
                .flatMap(m -> AuditCheck.of(m).stream())
                .map(AuditCheck::info)
                .toList());
    assertThat(baseline.checks()).allSatisfy(check -> assertThat(CATALOG_CHECKS).contains(check));
  }

  private static final List<AuditCheck> CATALOG_CHECKS = AuditCheck.all(CATALOG);

  @Test
  void aControlWithoutAuditMetadataCannotJoinTheBaseline() {
    ControlCatalog withUndeclared =
        new ControlCatalog(
            Stream.concat(CATALOG.bucketControls().stream(), Stream.of(new Undeclared())).toList(),
            CATALOG.accountControls());

    assertThatThrownBy(() -> RecommendedBaseline.posture(withUndeclared))
        .hasMessageContaining("undeclared declares itself part of the recommended baseline")
        .hasMessageContaining("leave it out in its AuditInfo");
  }

  @Test
  void aControlLeftOutWithAReasonIsNotChecked() {
    ControlCatalog withLeftOut =
        new ControlCatalog(
            Stream.concat(
                    CATALOG.bucketControls().stream(),
                    Stream.of(new Undeclared(AuditInfo.NONE.leftOutOfBaseline("needs a list"))))
                .toList(),
            CATALOG.accountControls());

    assertThat(RecommendedBaseline.posture(withLeftOut).controls())
        .extracting(m -> m.name().specName())
        .doesNotContain("undeclared");
  }

  /** A control registered without audit metadata. */
  private static final class Undeclared implements BucketControl<Boolean, Boolean> {

    private final ControlInfo info;

    Undeclared() {
      this(AuditInfo.NONE);
    }

    Undeclared(AuditInfo audit) {
      this.info = ControlInfo.of("undeclared").audited(audit);
    }

    @Override
    public ControlInfo info() {
      return info;
    }

    @Override
    public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
      return Optional.empty();
    }

    @Override
    public Boolean observe(BucketSubject subject) {
      return true;
    }

    @Override
    public Drift diff(Boolean desired, Boolean observed) {
      return Drift.NONE;
    }

    @Override
    public List<Write<BucketSubject>> plan(BucketSubject subject, Boolean desired, Boolean o) {
      return List.of();
    }
  }
}
