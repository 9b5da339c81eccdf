package io.s3posture.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyReportFactoryTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final ControlName PUBLIC_ACL = ControlName.of("noPublicAcl");
  private static final ControlName WEBSITE = ControlName.of("websiteDisabled");
  private static final Set<ControlName> CONTROLS = Set.of(VERSIONING, PUBLIC_ACL);
  private static final ReportContent.Scope SCOPE =
      new ReportContent.Scope("s3posture.io/v1alpha1", "BucketPolicy", "team-a", "baseline", "u-1");

  private final PolicyReportFactory factory = PolicyReportFactory.standard();

  private static ControlOutcome outcome(ControlName control, OutcomeState state) {
    Drift drift =
        state == OutcomeState.COMPLIANT
            ? Drift.NONE
            : Drift.of(FieldDrift.put("status", "Enabled", "Suspended"));
    OutcomeReason reason =
        switch (state) {
          case COMPLIANT -> OutcomeReason.Compliant;
          case CORRECTED -> OutcomeReason.DriftCorrected;
          case EXEMPT -> OutcomeReason.Exempt;
          case DRIFTED -> OutcomeReason.AuditMode;
          case NEEDS_HUMAN -> OutcomeReason.NeedsHuman;
          case CONFLICT -> OutcomeReason.Conflict;
          case FAILED -> OutcomeReason.VerificationFailed;
        };
    String message = state == OutcomeState.DRIFTED ? "reported only (Audit mode)" : "m";
    return new ControlOutcome(control, state, drift, reason, Optional.empty(), message, false);
  }

  /** A completed sweep: each bucket's versioning in the given state, its ACL control compliant. */
  private static PolicyLedger swept(Map<String, OutcomeState> versioning) {
    PolicyLedger ledger =
        new PolicyLedger(new PolicyRef("BucketPolicy", "team-a", "baseline", "u-1"), Map.of());
    ledger.startSweep(versioning.keySet(), CONTROLS, T1);
    versioning.forEach(
        (bucket, state) ->
            ledger.record(
                bucket,
                List.of(outcome(VERSIONING, state), outcome(PUBLIC_ACL, OutcomeState.COMPLIANT)),
                Trigger.SWEEP,
                T1));
    return ledger;
  }

  private ReportContent build(PolicyLedger ledger) {
    return factory.build(SCOPE, ledger, CONTROLS).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "COMPLIANT, PASS",
    "CORRECTED, PASS",
    "DRIFTED, FAIL",
    "NEEDS_HUMAN, FAIL",
    "CONFLICT, FAIL",
    "FAILED, ERROR",
    "EXEMPT, SKIP"
  })
  void eachOutcomeHasItsResult(OutcomeState state, ResultStatus expected) {
    assertThat(ResultStatus.of(state)).isEqualTo(expected);
    ReportContent report = build(swept(Map.of("b", state)));
    assertThat(report.results())
        .filteredOn(r -> r.rule().equals("versioning"))
        .singleElement()
        .satisfies(r -> assertThat(r.result()).isEqualTo(expected));
  }

  @Test
  void oneResultPerBucketAndControlWithTheSummaryOverAllOfThem() {
    ReportContent report =
        build(
            swept(
                Map.of(
                    "ok", OutcomeState.COMPLIANT,
                    "fixed", OutcomeState.CORRECTED,
                    "audit", OutcomeState.DRIFTED,
                    "mfa", OutcomeState.NEEDS_HUMAN,
                    "gone", OutcomeState.FAILED,
                    "docs", OutcomeState.EXEMPT)));

    assertThat(report.summary()).isEqualTo(new ReportSummary(8, 2, 0, 1, 1));
    assertThat(report.results()).hasSize(12);
    assertThat(report.omitted()).isZero();
    assertThat(report.results())
        .as("worst first: errors, failures, exemptions, passes")
        .extracting(ReportResult::result, r -> r.properties().get("bucket"), ReportResult::rule)
        .startsWith(
            tuple(ResultStatus.ERROR, "gone", "versioning"),
            tuple(ResultStatus.FAIL, "audit", "versioning"),
            tuple(ResultStatus.FAIL, "mfa", "versioning"),
            tuple(ResultStatus.SKIP, "docs", "versioning"),
            tuple(ResultStatus.PASS, "audit", "noPublicAcl"));
  }

  @Test
  void aFailureNamesTheBucketStateReasonSeverityAndWhenItBegan() {
    ReportContent report = build(swept(Map.of("logs-bucket", OutcomeState.DRIFTED)));

    ReportResult fail = report.results().get(0);
    assertThat(fail.policy()).isEqualTo("team-a/baseline");
    assertThat(fail.rule()).isEqualTo("versioning");
    assertThat(fail.category()).isEqualTo(PolicyReportFactory.CATEGORY);
    assertThat(fail.severity()).isEqualTo("medium");
    assertThat(fail.result()).isEqualTo(ResultStatus.FAIL);
    assertThat(fail.message())
        .isEqualTo(
            "Versioning enabled: expected status=Enabled, found status=Suspended;"
                + " reported only (Audit mode)");
    assertThat(fail.timestamp()).isEqualTo(new ReportResult.Timestamp(T1.getEpochSecond(), 0));
    assertThat(fail.resources())
        .containsExactly(new ReportResult.Subject("S3Bucket", "logs-bucket"));
    assertThat(fail.properties())
        .containsEntry("bucket", "logs-bucket")
        .containsEntry("state", "Drifted")
        .containsEntry("reason", "AuditMode")
        .containsEntry("attack", "T1485, T1486, T1490")
        .containsKey("resultID");

    ReportResult pass = report.results().get(1);
    assertThat(pass.rule()).isEqualTo("noPublicAcl");
    assertThat(pass.severity()).isEqualTo("critical");
    assertThat(pass.timestamp()).as("stamped when written").isNull();
    assertThat(pass.properties())
        .containsEntry("state", "Compliant")
        .as("the ATT&CK techniques noPublicAcl mitigates")
        .containsEntry("attack", "T1530");
  }

  @Test
  void resultIdsTellBucketsApartAndChangeWithTheOutcome() {
    ReportContent report =
        build(swept(Map.of("a", OutcomeState.COMPLIANT, "b", OutcomeState.COMPLIANT)));
    assertThat(report.results())
        .extracting(r -> r.properties().get("resultID"))
        .doesNotHaveDuplicates();

    String before = report.results().get(0).properties().get("resultID");
    String after = PolicyReportFactory.resultId(SCOPE, "a", VERSIONING, ResultStatus.FAIL);
    assertThat(PolicyReportFactory.resultId(SCOPE, "a", VERSIONING, ResultStatus.PASS))
        .isNotEqualTo(after);
    assertThat(before).hasSize(16);
  }

  @Test
  void aBigFleetIsCappedKeepingTheWorstAndCountingEverything() {
    Map<String, OutcomeState> buckets = new HashMap<>();
    IntStream.range(0, 400)
        .forEach(i -> buckets.put("ok-%03d".formatted(i), OutcomeState.COMPLIANT));
    IntStream.range(0, 300)
        .forEach(i -> buckets.put("bad-%03d".formatted(i), OutcomeState.DRIFTED));
    PolicyReportFactory capped = new PolicyReportFactory(250);

    ReportContent report = capped.build(SCOPE, swept(buckets), CONTROLS).orElseThrow();

    assertThat(report.summary()).isEqualTo(new ReportSummary(1100, 300, 0, 0, 0));
    assertThat(report.results()).hasSize(250);
    assertThat(report.results()).allMatch(r -> r.result() == ResultStatus.FAIL);
    assertThat(report.omitted()).isEqualTo(1400 - 250);
    assertThat(report.maxResults()).isEqualTo(250);
  }

  @Test
  void theStandardCapKeepsAReportFarBelowTheObjectSizeLimit() {
    Map<String, OutcomeState> buckets = new HashMap<>();
    String longName = "b".repeat(50);
    IntStream.range(0, 2000)
        .forEach(i -> buckets.put(longName + "-%05d".formatted(i), OutcomeState.DRIFTED));

    ReportContent report = build(swept(buckets));
    var resource = ReportResource.of(report, T2);
    int bytes = Serialization.asJson(resource).getBytes(StandardCharsets.UTF_8).length;

    assertThat(report.results()).hasSize(PolicyReportFactory.MAX_RESULTS);
    assertThat(bytes).as("well under etcd's 1.5 MB request limit").isLessThan(600_000);
  }

  @Test
  void longTextsAreCut() {
    PolicyLedger ledger =
        new PolicyLedger(new PolicyRef("BucketPolicy", "team-a", "baseline", "u-1"), Map.of());
    ledger.startSweep(List.of("b"), CONTROLS, T1);
    ledger.record(
        "b",
        List.of(
            new ControlOutcome(
                VERSIONING,
                OutcomeState.FAILED,
                Drift.NONE,
                OutcomeReason.VerificationFailed,
                Optional.empty(),
                "x".repeat(5000),
                false)),
        Trigger.SWEEP,
        T1);

    ReportResult error = build(ledger).results().get(0);

    assertThat(error.message()).hasSize(PolicyReportFactory.MAX_MESSAGE).endsWith("...");
    assertThat(error.message()).startsWith("Versioning enabled: xxx");
  }

  @Test
  void nothingBeforeTheFirstSweepCompletesAndNoResultForBucketsNotCheckedYet() {
    PolicyLedger ledger =
        new PolicyLedger(new PolicyRef("BucketPolicy", "team-a", "baseline", "u-1"), Map.of());
    ledger.startSweep(List.of("a", "b"), CONTROLS, T1);
    ledger.record("a", List.of(outcome(VERSIONING, OutcomeState.DRIFTED)), Trigger.SWEEP, T1);
    assertThat(factory.build(SCOPE, ledger, CONTROLS)).isEmpty();

    ledger.record("b", List.of(outcome(VERSIONING, OutcomeState.COMPLIANT)), Trigger.SWEEP, T1);
    ledger.govern("c"); // found between sweeps, not checked yet
    ReportContent report = factory.build(SCOPE, ledger, CONTROLS).orElseThrow();

    assertThat(report.summary().total()).isEqualTo(4);
    assertThat(report.results()).noneMatch(r -> r.properties().get("bucket").equals("c"));
  }

  @Test
  void theSameLedgerGivesTheSameHashAndAChangeAnotherOne() {
    PolicyLedger ledger = swept(Map.of("a", OutcomeState.DRIFTED, "b", OutcomeState.COMPLIANT));
    String first = build(ledger).hash();
    ledger.record("b", List.of(outcome(VERSIONING, OutcomeState.COMPLIANT)), Trigger.SWEEP, T2);
    assertThat(build(ledger).hash()).as("a check that found nothing new").isEqualTo(first);

    ledger.record("a", List.of(outcome(VERSIONING, OutcomeState.COMPLIANT)), Trigger.SWEEP, T2);
    assertThat(build(ledger).hash()).isNotEqualTo(first);
  }

  @Test
  void everyControlOfTheCatalogHasASeverity() {
    List<String> without = new ArrayList<>();
    ControlCatalog.standard()
        .bucketControls()
        .forEach(
            c -> {
              if (ControlAudit.severity(c.name()).isEmpty()) {
                without.add(c.name().specName());
              }
            });
    assertThat(without).as("bucket controls without an audit severity").isEmpty();
    assertThat(ControlAudit.severity(WEBSITE)).contains("medium");
  }

  @Test
  void labelsNameThePolicyAndTheOperator() {
    ReportContent report = build(swept(Map.of("a", OutcomeState.COMPLIANT)));
    assertThat(report.name()).isEqualTo("s3posture-baseline");
    assertThat(report.namespace()).isEqualTo("team-a");
    assertThat(report.labels())
        .containsEntry("app.kubernetes.io/managed-by", "s3-posture-operator")
        .containsEntry("s3posture.io/report-of", "baseline");
  }
}
