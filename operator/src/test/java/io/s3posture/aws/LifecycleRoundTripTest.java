package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.control.BucketSubject;
import io.s3posture.control.LifecycleRetentionControl;
import io.s3posture.testing.StubHttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lifecycle correction changes one thing, the offending rule's Status, and writes every other
 * rule and field back as S3 returned them. moto cannot be the judge: it drops
 * NewerNoncurrentVersions from NoncurrentVersionExpiration, the object-size parts of filters (a
 * rule for small objects comes back as a rule for every object) and the configuration's
 * TransitionDefaultMinimumObjectSize. So a stub answers AWS's real XML and the test reads the PUT
 * the real SDK client sent.
 */
class LifecycleRoundTripTest {

  private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  /** Every element S3 models, in a rule that keeps data long enough. */
  private static final String ARCHIVE_RULE =
      "<Rule><ID>archive</ID>"
          + "<Filter><And><Prefix>data/</Prefix>"
          + "<Tag><Key>class</Key><Value>records</Value></Tag>"
          + "<Tag><Key>team</Key><Value>payments</Value></Tag>"
          + "<ObjectSizeGreaterThan>128</ObjectSizeGreaterThan>"
          + "<ObjectSizeLessThan>1073741824</ObjectSizeLessThan></And></Filter>"
          + "<Status>Enabled</Status>"
          + "<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>"
          + "<Transition><Days>90</Days><StorageClass>GLACIER</StorageClass></Transition>"
          + "<Expiration><Days>3650</Days></Expiration>"
          + "<NoncurrentVersionTransition><NoncurrentDays>7</NoncurrentDays>"
          + "<StorageClass>GLACIER_IR</StorageClass>"
          + "<NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionTransition>"
          + "<NoncurrentVersionExpiration><NoncurrentDays>365</NoncurrentDays>"
          + "<NewerNoncurrentVersions>3</NewerNoncurrentVersions></NoncurrentVersionExpiration>"
          + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation>"
          + "</AbortIncompleteMultipartUpload></Rule>";

  /** What an attacker adds: every version of every small object gone within a day. */
  private static final String WIPE_RULE =
      "<Rule><ID>cleanup</ID><Filter><ObjectSizeLessThan>1048576</ObjectSizeLessThan></Filter>"
          + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
          + "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
          + "</NoncurrentVersionExpiration></Rule>";

  private static final String DATED_RULE =
      "<Rule><ID>dated</ID><Filter><Tag><Key>expire</Key><Value>yes</Value></Tag></Filter>"
          + "<Status>Disabled</Status>"
          + "<Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration></Rule>";

  private static final String LEGACY_RULE =
      "<Rule><ID>legacy</ID><Prefix>tmp/</Prefix><Status>Enabled</Status>"
          + "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"
          + "</Rule>";

  private static final Map<String, String> VARIES =
      Map.of("x-amz-transition-default-minimum-object-size", "varies_by_storage_class");

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private static final SdkS3Gateway gateway = stub.gateway(Optional.empty());
  private final LifecycleRetentionControl control = new LifecycleRetentionControl();

  @BeforeEach
  void forgetThePreviousAnswers() {
    stub.answer(200, "");
  }

  private static String configuration(String... rules) {
    return "<LifecycleConfiguration xmlns=\""
        + NS
        + "\">"
        + String.join("", rules)
        + "</LifecycleConfiguration>";
  }

  @Test
  void everyFieldS3ModelsIsRead() {
    stub.answer("GET", 200, configuration(ARCHIVE_RULE, DATED_RULE, LEGACY_RULE), VARIES);

    LifecycleConfiguration read = gateway.lifecycle("b").orElseThrow();

    assertThat(read.transitionDefaultMinimumObjectSize()).contains("varies_by_storage_class");
    LifecycleConfiguration.Rule archive = read.rules().get(0);
    assertThat(archive.scopePrefix()).contains("data/");
    assertThat(archive.filter().flatMap(LifecycleConfiguration.Filter::and).orElseThrow())
        .isEqualTo(
            new LifecycleConfiguration.And(
                Optional.of("data/"),
                List.of(
                    new LifecycleConfiguration.Tag("class", "records"),
                    new LifecycleConfiguration.Tag("team", "payments")),
                Optional.of(128L),
                Optional.of(1073741824L)));
    assertThat(archive.noncurrentExpiration())
        .contains(
            new LifecycleConfiguration.NoncurrentExpiration(Optional.of(365), Optional.of(3)));
    assertThat(archive.transitions()).hasSize(2);
    assertThat(archive.abortIncompleteMultipartUploadDays()).contains(7);
    assertThat(read.rules().get(1).enabled()).isFalse();
    assertThat(read.rules().get(1).expiration().flatMap(LifecycleConfiguration.Expiration::date))
        .contains(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(read.rules().get(2).legacyPrefix()).contains("tmp/");
    assertThat(read.rules().get(2).expiration().flatMap(e -> e.expiredObjectDeleteMarker()))
        .contains(true);
  }

  @Test
  void theCorrectionDisablesTheWipeRuleAndWritesEverythingElseBackElementForElement() {
    stub.answer(
        "GET", 200, configuration(ARCHIVE_RULE, WIPE_RULE, DATED_RULE, LEGACY_RULE), VARIES);
    stub.answer("PUT", 200, "");
    Optional<LifecycleConfiguration> observed = gateway.lifecycle("b");
    LifecycleRetentionControl.Minimums minimums =
        new LifecycleRetentionControl.Minimums(7, 7, Set.of());
    BucketSubject subject = BucketSubject.of(gateway, "b");

    control.plan(subject, minimums, observed).forEach(write -> write.apply(subject));

    StubHttpServer.Request put =
        stub.requests().stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
    assertThat(put.query()).contains("lifecycle");
    assertThat(CanonicalXml.children(put.body(), "Rule"))
        .containsExactly(
            canonical(ARCHIVE_RULE),
            canonical(WIPE_RULE.replace("<Status>Enabled</Status>", "<Status>Disabled</Status>")),
            // the same instant: the SDK writes dates without milliseconds
            canonical(DATED_RULE.replace(".000Z", "Z")),
            canonical(LEGACY_RULE));
    assertThat(put.header("x-amz-transition-default-minimum-object-size"))
        .as("a PUT without it would reset it to all_storage_classes_128K")
        .contains("varies_by_storage_class");
  }

  @Test
  void noConfigurationIsNoneAndCompliant() {
    stub.answerError(404, "NoSuchLifecycleConfiguration");

    assertThat(gateway.lifecycle("b")).isEmpty();
    assertThat(
            control
                .diff(new LifecycleRetentionControl.Minimums(7, 7, Set.of()), Optional.empty())
                .isNone())
        .isTrue();
  }

  private static String canonical(String rule) {
    return CanonicalXml.canonical(rule, NS);
  }
}
