package io.s3posture.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.CloudTrailDataEventsSpec;
import io.s3posture.api.v1alpha1.DetectionCheckSpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AccessPoint;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.ConfigRecorder;
import io.s3posture.aws.DetectionGateway;
import io.s3posture.aws.EventSelectors;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.GuardDutyDetector;
import io.s3posture.aws.MacieStatus;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.aws.Trail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The detection-service checks of an AccountPolicy on the account engine: declared under
 * spec.detection, always Audit (never a write, whatever spec.mode says), each reading its service
 * once, and findings that say what is missing.
 */
class DetectionControlsTest {

  private static final String ACCOUNT = "111122223333";

  private final FakeDetection detection = new FakeDetection();
  private final ControlCatalog catalog = ControlCatalog.standard();
  private final TargetCheck check =
      new TargetCheck(new ReadBackVerifier(2, Duration.ZERO, d -> {}), catalog.accountRunOrder());

  private static DetectionSpec all(CloudTrailDataEventsSpec cloudTrail) {
    return new DetectionSpec(
        cloudTrail, new DetectionCheckSpec(), new DetectionCheckSpec(), new DetectionCheckSpec());
  }

  private Map<String, ControlOutcome> run(DetectionSpec spec) {
    AccountPolicySpec policy = new AccountPolicySpec(null, Mode.Enforce, null, null, spec);
    return check
        .runAlone(
            AccountSubject.of(new NoAccountSettings(), detection, ACCOUNT),
            catalog.managedBy(policy, Mode.Enforce))
        .stream()
        .collect(Collectors.toMap(o -> o.control().specName(), o -> o));
  }

  private static Trail trail(
      String name, boolean logging, EventSelectors.ReadWriteType type, String value) {
    return new Trail(
        name,
        "arn:aws:cloudtrail:eu-west-1:" + ACCOUNT + ":trail/" + name,
        "eu-west-1",
        false,
        false,
        logging,
        new EventSelectors(
            List.of(
                new EventSelectors.Basic(
                    type,
                    true,
                    List.of(
                        new EventSelectors.DataResource(
                            EventSelectors.S3_OBJECT, List.of(value))))),
            List.of()));
  }

  private static ConfigRecorder recorder(boolean recording, boolean allSupported) {
    return new ConfigRecorder(
        "default", recording, Optional.empty(), allSupported, Set.of(), Set.of(), Optional.empty());
  }

  @Test
  void anAccountWithEveryServiceIsCompliantAndNothingIsWritten() {
    detection.trails =
        List.of(
            trail("reads", true, EventSelectors.ReadWriteType.READ_ONLY, "arn:aws:s3"),
            trail("writes", true, EventSelectors.ReadWriteType.WRITE_ONLY, "arn:aws:s3:::"));
    detection.recorders = List.of(recorder(true, true));
    detection.detectors = List.of(new GuardDutyDetector("d1", true, true));
    detection.macie = MacieStatus.ENABLED;

    Map<String, ControlOutcome> outcomes = run(all(new CloudTrailDataEventsSpec(null, null)));

    assertThat(outcomes.keySet())
        .containsExactlyInAnyOrder(
            "cloudTrailDataEvents", "configRecorder", "guardDutyS3Protection", "macie");
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.state()).isEqualTo(OutcomeState.COMPLIANT));
    assertThat(detection.calls)
        .containsExactly("trails", "configRecorders", "guardDutyDetectors", "macie");
  }

  @Test
  void anAccountWithoutThemIsReportedOnlyWithWhatIsMissing() {
    Map<String, ControlOutcome> outcomes = run(all(new CloudTrailDataEventsSpec(null, null)));

    assertThat(outcomes.values())
        .allSatisfy(
            o -> {
              assertThat(o.state()).isEqualTo(OutcomeState.DRIFTED);
              assertThat(o.reasonLabel()).as("never written").isEqualTo("AuditMode");
            });
    assertThat(outcomes.get("cloudTrailDataEvents").drift().observed())
        .isEqualTo(
            "dataEvents=no trail logs S3 data event reads and writes (no trail in the region)");
    assertThat(outcomes.get("configRecorder").drift().observed())
        .isEqualTo("configurationRecorder=no configuration recorder");
    assertThat(outcomes.get("guardDutyS3Protection").drift().observed())
        .isEqualTo("detector=no GuardDuty detector");
    assertThat(outcomes.get("macie").drift().observed()).isEqualTo("status=not enabled");
  }

  @Test
  void stoppedOrPartialServicesAreDrift() {
    detection.trails =
        List.of(
            trail("stopped", false, EventSelectors.ReadWriteType.ALL, "arn:aws:s3"),
            trail("writes", true, EventSelectors.ReadWriteType.WRITE_ONLY, "arn:aws:s3"));
    detection.recorders = List.of(recorder(false, true), recorder(true, false));
    detection.detectors = List.of(new GuardDutyDetector("d1", true, false));
    detection.macie = MacieStatus.PAUSED;

    Map<String, ControlOutcome> outcomes = run(all(new CloudTrailDataEventsSpec(null, null)));

    assertThat(outcomes.get("cloudTrailDataEvents").drift().observed())
        .isEqualTo(
            "dataEvents=no trail logs S3 data event reads (trails: stopped (not logging), writes"
                + " (writes of every bucket))");
    assertThat(outcomes.get("configRecorder").drift().observed())
        .isEqualTo("configurationRecorder=default not recording; default not recording S3 buckets");
    assertThat(outcomes.get("guardDutyS3Protection").drift().observed())
        .isEqualTo("detector=detector d1 S3 Protection off");
    assertThat(outcomes.get("macie").drift().observed()).isEqualTo("status=PAUSED");
  }

  @Test
  void writeEventsOfTheListedBucketsAreEnough() {
    detection.trails =
        List.of(
            trail(
                "payments",
                true,
                EventSelectors.ReadWriteType.WRITE_ONLY,
                "arn:aws:s3:::payments/"));
    DetectionSpec spec =
        new DetectionSpec(
            new CloudTrailDataEventsSpec(
                CloudTrailDataEventsSpec.DataEventAccess.WriteOnly, List.of("payments", "logs")),
            null,
            null,
            null);

    ControlOutcome outcome = run(spec).get("cloudTrailDataEvents");

    assertThat(DriftSummary.of(outcome.drift())).containsExactly("dataEvents[logs]:NOT_REMEDIABLE");
    assertThat(outcome.drift().observed())
        .isEqualTo("dataEvents[logs]=no trail logs S3 data event writes");
  }

  @Test
  void aServiceThatCannotBeReadFailsAloneWithItsReason() {
    detection.fail = "trails";
    detection.macie = MacieStatus.ENABLED;

    Map<String, ControlOutcome> outcomes =
        run(
            new DetectionSpec(
                new CloudTrailDataEventsSpec(null, null), null, null, new DetectionCheckSpec()));

    assertThat(outcomes.get("cloudTrailDataEvents").state()).isEqualTo(OutcomeState.FAILED);
    assertThat(outcomes.get("cloudTrailDataEvents").reasonLabel()).isEqualTo("AccessDenied");
    assertThat(outcomes.get("macie").state()).isEqualTo(OutcomeState.COMPLIANT);
  }

  @Test
  void onlyTheDeclaredChecksRun() {
    run(new DetectionSpec(null, new DetectionCheckSpec(), null, null));

    assertThat(detection.calls).containsExactly("configRecorders");
  }

  /** The region's detection services, as a test sets them, with a call log. */
  private static final class FakeDetection implements DetectionGateway {
    List<Trail> trails = List.of();
    List<ConfigRecorder> recorders = List.of();
    List<GuardDutyDetector> detectors = List.of();
    MacieStatus macie = MacieStatus.NOT_ENABLED;
    String fail;
    final List<String> calls = new ArrayList<>();

    private <T> T read(String what, T value) {
      calls.add(what);
      if (what.equals(fail)) {
        throw new AwsFailure(FailureKind.ACCESS_DENIED, "DescribeTrails", null, "denied", null);
      }
      return value;
    }

    public String region() {
      return "eu-west-1";
    }

    public List<Trail> trails() {
      return read("trails", trails);
    }

    public List<ConfigRecorder> configRecorders() {
      return read("configRecorders", recorders);
    }

    public List<GuardDutyDetector> guardDutyDetectors() {
      return read("guardDutyDetectors", detectors);
    }

    public MacieStatus macie() {
      return read("macie", macie);
    }
  }

  /** A detection-only policy never reads or writes the account's Block Public Access. */
  private static final class NoAccountSettings implements AccountGateway {
    public PublicAccessBlock publicAccessBlock(String accountId) {
      throw new AssertionError("not read");
    }

    public void putPublicAccessBlock(String accountId, PublicAccessBlock block) {
      throw new AssertionError("not written");
    }

    public List<AccessPoint> accessPoints(String accountId) {
      throw new AssertionError("not read");
    }
  }
}
