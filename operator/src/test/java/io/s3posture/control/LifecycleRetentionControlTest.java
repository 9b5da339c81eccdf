package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.LifecycleRetentionSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.LifecycleConfiguration;
import io.s3posture.aws.LifecycleConfiguration.And;
import io.s3posture.aws.LifecycleConfiguration.Expiration;
import io.s3posture.aws.LifecycleConfiguration.Filter;
import io.s3posture.aws.LifecycleConfiguration.NoncurrentExpiration;
import io.s3posture.aws.LifecycleConfiguration.NoncurrentTransition;
import io.s3posture.aws.LifecycleConfiguration.Rule;
import io.s3posture.aws.LifecycleConfiguration.Tag;
import io.s3posture.aws.LifecycleConfiguration.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleRetentionControlTest {

  private static final String BUCKET = "b";

  /** The defaults: 7 days for current and noncurrent versions, nothing exempt. */
  private static final LifecycleRetentionControl.Minimums WEEK =
      new LifecycleRetentionControl.Minimums(7, 7, Set.of());

  private static final LifecycleRetentionControl.Minimums WEEK_TMP_EXEMPT =
      new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/"));

  private final LifecycleRetentionControl control = new LifecycleRetentionControl();

  // rules

  private static Rule rule(String id, Optional<Filter> filter) {
    return new Rule(
        Optional.of(id),
        true,
        Optional.empty(),
        filter,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  private static Rule expiring(String id, int days) {
    return withExpiration(rule(id, Optional.of(Filter.prefix(""))), Expiration.afterDays(days));
  }

  private static Rule withExpiration(Rule rule, Expiration expiration) {
    return new Rule(
        rule.id(),
        rule.enabled(),
        rule.legacyPrefix(),
        rule.filter(),
        Optional.of(expiration),
        rule.noncurrentExpiration(),
        rule.transitions(),
        rule.noncurrentTransitions(),
        rule.abortIncompleteMultipartUploadDays());
  }

  private static Rule noncurrent(String id, Optional<Filter> filter, NoncurrentExpiration e) {
    Rule plain = rule(id, filter);
    return new Rule(
        plain.id(),
        true,
        Optional.empty(),
        filter,
        Optional.empty(),
        Optional.of(e),
        List.of(),
        List.of(),
        Optional.empty());
  }

  private static Rule legacy(String id, String prefix, int days) {
    return new Rule(
        Optional.of(id),
        true,
        Optional.of(prefix),
        Optional.empty(),
        Optional.of(Expiration.afterDays(days)),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  private static Optional<LifecycleConfiguration> config(Rule... rules) {
    return Optional.of(new LifecycleConfiguration(List.of(rules), Optional.empty()));
  }

  private static final Filter TAGGED =
      new Filter(
          Optional.empty(),
          Optional.of(new Tag("class", "tmp")),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  private static final Filter TMP_AND_SMALL =
      new Filter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(
              new And(
                  Optional.of("tmp/scratch/"),
                  List.of(new Tag("k", "v")),
                  Optional.empty(),
                  Optional.of(1024L))));

  private static final Filter DATA_AND_TAGGED =
      new Filter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(
              new And(
                  Optional.of("data/"),
                  List.of(new Tag("a", "1"), new Tag("b", "2")),
                  Optional.of(10L),
                  Optional.of(1_000_000L))));

  private static final Filter SMALL =
      new Filter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(1024L),
          Optional.empty());

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("no lifecycle configuration", WEEK, Optional.empty(), List.of()),
        Arguments.of(
            "current versions kept exactly the minimum", WEEK, config(expiring("a", 7)), List.of()),
        Arguments.of(
            "current versions expire after a day",
            WEEK,
            config(expiring("wipe", 1)),
            List.of("rule[wipe].expiration:PUT")),
        Arguments.of(
            "a fixed date expires every object whatever its age",
            WEEK,
            config(
                withExpiration(
                    rule("on-date", Optional.of(Filter.prefix(""))),
                    new Expiration(
                        Optional.empty(),
                        Optional.of(Instant.parse("2030-01-01T00:00:00Z")),
                        Optional.empty()))),
            List.of("rule[on-date].expiration:PUT")),
        Arguments.of(
            "a disabled rule does nothing",
            WEEK,
            config(expiring("off", 1).withEnabled(false)),
            List.of()),
        Arguments.of(
            "noncurrent versions deleted after a day",
            WEEK,
            config(
                noncurrent(
                    "nc", Optional.of(Filter.prefix("")), NoncurrentExpiration.afterDays(1))),
            List.of("rule[nc].noncurrentVersionExpiration:PUT")),
        Arguments.of(
            "NewerNoncurrentVersions does not make a short rule acceptable",
            WEEK,
            config(
                noncurrent(
                    "keep5",
                    Optional.of(Filter.prefix("")),
                    new NoncurrentExpiration(Optional.of(1), Optional.of(5)))),
            List.of("rule[keep5].noncurrentVersionExpiration:PUT")),
        Arguments.of(
            "noncurrent versions kept 30 days",
            WEEK,
            config(
                noncurrent(
                    "nc30", Optional.of(Filter.prefix("")), NoncurrentExpiration.afterDays(30))),
            List.of()),
        Arguments.of(
            "ExpiredObjectDeleteMarker alone deletes no version",
            WEEK,
            config(
                withExpiration(
                    rule("markers", Optional.of(Filter.prefix(""))),
                    new Expiration(Optional.empty(), Optional.empty(), Optional.of(true)))),
            List.of()),
        Arguments.of(
            "transitions and multipart clean-up delete no object",
            WEEK,
            config(
                new Rule(
                    Optional.of("cold"),
                    true,
                    Optional.empty(),
                    Optional.of(Filter.prefix("")),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(new Transition(Optional.of(0), Optional.empty(), "GLACIER_IR")),
                    List.of(new NoncurrentTransition(Optional.of(1), Optional.empty(), "GLACIER")),
                    Optional.of(1))),
            List.of()),
        Arguments.of(
            "a rule under an exempt prefix",
            WEEK_TMP_EXEMPT,
            config(
                withExpiration(
                    rule("tmp", Optional.of(Filter.prefix("tmp/"))), Expiration.afterDays(1))),
            List.of()),
        Arguments.of(
            "an And filter under an exempt prefix",
            WEEK_TMP_EXEMPT,
            config(
                withExpiration(
                    rule("scratch", Optional.of(TMP_AND_SMALL)), Expiration.afterDays(1))),
            List.of()),
        Arguments.of(
            "a legacy top-level prefix under an exempt prefix",
            WEEK_TMP_EXEMPT,
            config(legacy("old", "tmp/old/", 1)),
            List.of()),
        Arguments.of(
            "a legacy top-level prefix elsewhere",
            WEEK_TMP_EXEMPT,
            config(legacy("old", "data/", 1)),
            List.of("rule[old].expiration:PUT")),
        Arguments.of(
            "a tag filter is never exempt: anyone who can tag brings objects in",
            WEEK_TMP_EXEMPT,
            config(withExpiration(rule("tagged", Optional.of(TAGGED)), Expiration.afterDays(1))),
            List.of("rule[tagged].expiration:PUT")),
        Arguments.of(
            "a size filter is never exempt",
            WEEK_TMP_EXEMPT,
            config(withExpiration(rule("small", Optional.of(SMALL)), Expiration.afterDays(1))),
            List.of("rule[small].expiration:PUT")),
        Arguments.of(
            "a prefix that only starts like the exempt one",
            WEEK_TMP_EXEMPT,
            config(
                withExpiration(
                    rule("t", Optional.of(Filter.prefix("tm"))), Expiration.afterDays(1))),
            List.of("rule[t].expiration:PUT")),
        Arguments.of(
            "current versions not checked (0)",
            new LifecycleRetentionControl.Minimums(0, 7, Set.of()),
            config(expiring("wipe", 1)),
            List.of()),
        Arguments.of(
            "a rule without ID is named by its position",
            WEEK,
            config(
                expiring("a", 30),
                new Rule(
                    Optional.empty(),
                    true,
                    Optional.empty(),
                    Optional.of(Filter.prefix("")),
                    Optional.of(Expiration.afterDays(1)),
                    Optional.of(NoncurrentExpiration.afterDays(1)),
                    List.of(),
                    List.of(),
                    Optional.empty())),
            List.of("rule[#1].expiration:PUT", "rule[#1].noncurrentVersionExpiration:PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name,
      LifecycleRetentionControl.Minimums required,
      Optional<LifecycleConfiguration> observed,
      List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, observed))).isEqualTo(drift);
  }

  @Test
  void findingsSayWhatTheRuleDoesAndWhatIsRequired() {
    Drift drift =
        control.diff(
            WEEK,
            config(
                noncurrent(
                    "keep5",
                    Optional.of(Filter.prefix("data/")),
                    new NoncurrentExpiration(Optional.of(1), Optional.of(5)))));

    assertThat(drift.fields())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.expected()).isEqualTo("noncurrent versions kept at least 7 days");
              assertThat(f.observed())
                  .isEqualTo(
                      "noncurrent versions under data/ deleted 1 day(s) after they become"
                          + " noncurrent (the newest 5 kept)");
            });
    assertThat(control.diff(WEEK, config(expiring("wipe", 1))).observed())
        .isEqualTo(
            "rule[wipe].expiration=current versions of the whole bucket expire after 1 day(s)");
  }

  @Test
  void desiredTakesTheSchemaDefaultsAndTheExemptions() {
    assertThat(
            control.desired(
                controls()
                    .lifecycleRetention(new LifecycleRetentionSpec(null, null, null, null))
                    .build()))
        .contains(WEEK);
    assertThat(
            control.desired(
                controls()
                    .lifecycleRetention(
                        new LifecycleRetentionSpec(30, 90, List.of("tmp/"), Mode.Audit))
                    .build()))
        .contains(new LifecycleRetentionControl.Minimums(30, 90, Set.of("tmp/")));
    assertThat(control.desired(controls().build())).isEmpty();
  }

  @Test
  void theCorrectionDisablesOnlyTheOffendingRulesAndKeepsEverythingElse() {
    Rule keeps =
        new Rule(
            Optional.of("archive"),
            true,
            Optional.empty(),
            Optional.of(Filter.prefix("")),
            Optional.of(Expiration.afterDays(365)),
            Optional.of(new NoncurrentExpiration(Optional.of(30), Optional.of(3))),
            List.of(new Transition(Optional.of(30), Optional.empty(), "STANDARD_IA")),
            List.of(new NoncurrentTransition(Optional.of(7), Optional.of(2), "GLACIER")),
            Optional.of(7));
    Rule wipe =
        new Rule(
            Optional.of("wipe"),
            true,
            Optional.empty(),
            Optional.of(DATA_AND_TAGGED),
            Optional.of(Expiration.afterDays(1)),
            Optional.empty(),
            List.of(new Transition(Optional.of(0), Optional.empty(), "GLACIER_IR")),
            List.of(),
            Optional.of(1));
    Rule tmp =
        withExpiration(rule("tmp", Optional.of(Filter.prefix("tmp/"))), Expiration.afterDays(1));
    LifecycleConfiguration before =
        new LifecycleConfiguration(
            List.of(keeps, wipe, tmp), Optional.of("varies_by_storage_class"));
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).lifecycle(before);
    LifecycleRetentionControl.Minimums tmpExempt =
        new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/"));

    Remediation.apply(control, s3, BUCKET, tmpExempt, Optional.of(before));

    assertThat(s3.writeCalls()).containsExactly("PutBucketLifecycleConfiguration");
    LifecycleConfiguration after = s3.bucket(BUCKET).lifecycle.get().orElseThrow();
    assertThat(after.rules()).containsExactly(keeps, wipe.withEnabled(false), tmp);
    assertThat(after.transitionDefaultMinimumObjectSize()).contains("varies_by_storage_class");
    assertThat(control.diff(tmpExempt, Optional.of(after)).isNone()).isTrue();
  }

  @Test
  void thePlanNamesTheRulesItDisables() {
    List<Write<BucketSubject>> plan =
        control.plan(
            BucketSubject.of(new FakeS3Gateway(), BUCKET),
            WEEK,
            config(expiring("ok", 30), expiring("wipe", 1), expiring("wipe2", 2)));

    assertThat(plan)
        .singleElement()
        .satisfies(
            write -> {
              assertThat(write.operation()).isEqualTo("PutBucketLifecycleConfiguration");
              assertThat(write.description())
                  .startsWith("disable lifecycle rule(s) wipe, wipe2 (they would destroy data");
            });
    assertThat(
            control.plan(
                BucketSubject.of(new FakeS3Gateway(), BUCKET), WEEK, config(expiring("ok", 30))))
        .isEmpty();
    assertThat(control.plan(BucketSubject.of(new FakeS3Gateway(), BUCKET), WEEK, Optional.empty()))
        .isEmpty();
  }

  static Stream<Arguments> combinations() {
    return Stream.of(
        Arguments.of(
            new LifecycleRetentionControl.Minimums(7, 30, Set.of("tmp/")),
            new LifecycleRetentionControl.Minimums(30, 7, Set.of("tmp/")),
            new LifecycleRetentionControl.Minimums(30, 30, Set.of("tmp/"))),
        Arguments.of(
            new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/")),
            new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/scratch/", "cache/")),
            new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/scratch/"))),
        Arguments.of(
            new LifecycleRetentionControl.Minimums(7, 7, Set.of("tmp/")),
            new LifecycleRetentionControl.Minimums(7, 7, Set.of()),
            new LifecycleRetentionControl.Minimums(7, 7, Set.of())));
  }

  @ParameterizedTest(name = "{0} and {1}")
  @MethodSource("combinations")
  void twoPoliciesCombineIntoTheStricter(
      LifecycleRetentionControl.Minimums a,
      LifecycleRetentionControl.Minimums b,
      LifecycleRetentionControl.Minimums combined) {
    assertThat(control.combine(a, b)).contains(combined);
    assertThat(control.combine(b, a)).contains(combined);
  }

  @Test
  void theEngineDisablesTheRuleInEnforceReadsItBackAndNeverWritesInAudit() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).lifecycle(config(expiring("ok", 30), expiring("wipe", 1)).orElseThrow());
    TargetCheck engine =
        new TargetCheck(
            new ReadBackVerifier(3, Duration.ofMillis(1), d -> {}),
            ControlCatalog.standard().bucketRunOrder());
    var spec = controls().lifecycleRetention(new LifecycleRetentionSpec(7, 7, null, null)).build();

    List<ControlOutcome> audit =
        engine.runAlone(
            BucketSubject.of(s3, BUCKET), ControlCatalog.standard().managedBy(spec, Mode.Audit));
    assertThat(s3.writeCalls()).isEmpty();
    assertThat(audit)
        .singleElement()
        .satisfies(o -> assertThat(o.state()).isEqualTo(OutcomeState.DRIFTED));

    List<ControlOutcome> enforce =
        engine.runAlone(
            BucketSubject.of(s3, BUCKET), ControlCatalog.standard().managedBy(spec, Mode.Enforce));
    assertThat(s3.writeCalls()).containsExactly("PutBucketLifecycleConfiguration");
    assertThat(enforce)
        .singleElement()
        .satisfies(o -> assertThat(o.state()).isEqualTo(OutcomeState.CORRECTED));
    assertThat(s3.bucket(BUCKET).lifecycle.get().orElseThrow().rules())
        .extracting(Rule::enabled)
        .containsExactly(true, false);

    s3.resetCalls();
    List<ControlOutcome> again =
        engine.runAlone(
            BucketSubject.of(s3, BUCKET), ControlCatalog.standard().managedBy(spec, Mode.Enforce));
    assertThat(s3.writeCalls()).as("a disabled rule is left as it is").isEmpty();
    assertThat(again)
        .singleElement()
        .satisfies(o -> assertThat(o.state()).isEqualTo(OutcomeState.COMPLIANT));
  }
}
