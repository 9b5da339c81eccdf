package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3posture.localstack.proxy.AwsOperation.Access;
import io.s3posture.localstack.proxy.AwsOperation.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultRulesTest {

  private static final AwsOperation GET_POLICY = s3("GetBucketPolicy", "a", Access.READ);
  private static final AwsOperation PUT_POLICY = s3("PutBucketPolicy", "a", Access.WRITE);
  private static final AwsOperation GET_POLICY_B = s3("GetBucketPolicy", "b", Access.READ);
  private static final AwsOperation CONTROL_PAB =
      new AwsOperation(
          Protocol.S3_CONTROL, "s3control", "GetPublicAccessBlock", Optional.empty(), Access.READ);
  private static final AwsOperation MOTO_RESET =
      new AwsOperation(Protocol.MOTO, "moto", "/moto-api/reset", Optional.empty(), Access.WRITE);

  private final FaultRules rules = new FaultRules();

  @Test
  void withoutRulesEverythingIsForwarded() {
    assertThat(rules.decide(GET_POLICY)).isEqualTo(FaultRules.Decision.FORWARD);
  }

  @Test
  void selectsByOperationExactQualifiedPrefixAndAlternatives() {
    assertThat(FaultRule.slowDown().onOperation("GetBucketPolicy").selects(GET_POLICY)).isTrue();
    assertThat(FaultRule.slowDown().onOperation("s3:GetBucketPolicy").selects(GET_POLICY)).isTrue();
    assertThat(FaultRule.slowDown().onOperation("GetBucket").selects(GET_POLICY)).isFalse();
    assertThat(FaultRule.slowDown().onOperation("Get*").selects(GET_POLICY)).isTrue();
    assertThat(FaultRule.slowDown().onOperation("Get*").selects(PUT_POLICY)).isFalse();
    assertThat(FaultRule.slowDown().onOperation("s3control:*").selects(CONTROL_PAB)).isTrue();
    assertThat(FaultRule.slowDown().onOperation("s3control:*").selects(GET_POLICY)).isFalse();
    assertThat(FaultRule.slowDown().onOperation("GetPublicAccessBlock").selects(CONTROL_PAB))
        .isTrue();
    assertThat(
            FaultRule.slowDown()
                .onOperation("PutBucketPolicy, GetBucketPolicy")
                .selects(GET_POLICY))
        .isTrue();
  }

  @Test
  void selectsReadsOrWritesAndBuckets() {
    assertThat(FaultRule.accessDenied().onWrites().selects(PUT_POLICY)).isTrue();
    assertThat(FaultRule.accessDenied().onWrites().selects(GET_POLICY)).isFalse();
    assertThat(FaultRule.accessDenied().onReads().selects(GET_POLICY)).isTrue();
    assertThat(FaultRule.slowDown().onBucket("a").selects(GET_POLICY)).isTrue();
    assertThat(FaultRule.slowDown().onBucket("a").selects(GET_POLICY_B)).isFalse();
    assertThat(FaultRule.slowDown().onBucket("a").selects(CONTROL_PAB)).isFalse();
    assertThat(FaultRule.slowDown().onBucket("*").selects(GET_POLICY_B)).isTrue();
  }

  @Test
  void selectsAssumeRoleByRole() {
    AwsOperation member =
        new AwsOperation(
            AwsOperation.Protocol.QUERY,
            "sts",
            "AssumeRole",
            Optional.empty(),
            Access.READ,
            Optional.of("arn:aws:iam::111122223333:role/member"));
    AwsOperation other =
        new AwsOperation(
            AwsOperation.Protocol.QUERY,
            "sts",
            "AssumeRole",
            Optional.empty(),
            Access.READ,
            Optional.of("arn:aws:iam::444455556666:role/member"));
    FaultRule rule = FaultRule.accessDenied().onRole("arn:aws:iam::111122223333:*");

    assertThat(rule.selects(member)).isTrue();
    assertThat(rule.selects(other)).isFalse();
    assertThat(rule.selects(GET_POLICY)).as("a request without a role").isFalse();
    assertThat(FaultRule.fromJson(rule.toJson())).isEqualTo(rule);
  }

  @Test
  void motosOwnApiIsNeverFaulted() {
    rules.add(FaultRule.reset());

    assertThat(rules.decide(MOTO_RESET)).isEqualTo(FaultRules.Decision.FORWARD);
  }

  @Test
  void timesLimitsTheNextMatchingRequests() {
    rules.add(FaultRule.internalError().onOperation("GetBucketPolicy").times(2));

    assertThat(faultOf(rules.decide(PUT_POLICY))).isEmpty();
    assertThat(faultOf(rules.decide(GET_POLICY))).contains(Fault.INTERNAL_ERROR);
    assertThat(faultOf(rules.decide(GET_POLICY_B))).contains(Fault.INTERNAL_ERROR);
    assertThat(faultOf(rules.decide(GET_POLICY))).isEmpty();
    assertThat(rules.states())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.matched()).isEqualTo(3);
              assertThat(s.fired()).isEqualTo(2);
            });
  }

  @Test
  void probabilityIsReproducibleWithTheSameSeed() {
    List<Boolean> first = draws(FaultRule.slowDown().withProbability(0.3).withSeed(7));
    List<Boolean> second = draws(FaultRule.slowDown().withProbability(0.3).withSeed(7));
    List<Boolean> other = draws(FaultRule.slowDown().withProbability(0.3).withSeed(8));

    assertThat(first).isEqualTo(second).isNotEqualTo(other);
    long fired = first.stream().filter(b -> b).count();
    assertThat(fired).isBetween(200L, 400L); // 1,000 draws at 30 %
  }

  @Test
  void delaysAddUpAndTheFirstTerminalRuleDecides() {
    rules.add(FaultRule.latency(Duration.ofMillis(50)));
    rules.add(FaultRule.slowDown().onOperation("GetBucketPolicy").withDelay(Duration.ofMillis(5)));
    long later = rules.add(FaultRule.accessDenied());

    FaultRules.Decision get = rules.decide(GET_POLICY);
    FaultRules.Decision put = rules.decide(PUT_POLICY);

    assertThat(get)
        .isEqualTo(new FaultRules.Decision(Duration.ofMillis(55), Optional.of(Fault.SLOW_DOWN)));
    assertThat(put)
        .isEqualTo(
            new FaultRules.Decision(Duration.ofMillis(50), Optional.of(Fault.ACCESS_DENIED)));
    assertThat(
            rules.states().stream()
                .filter(s -> s.id() == later)
                .findFirst()
                .orElseThrow()
                .matched())
        .as("the rule after the deciding one is not consulted")
        .isEqualTo(1);
  }

  @Test
  void rulesCanBeRemovedAndCleared() {
    long id = rules.add(FaultRule.reset());
    rules.add(FaultRule.slowDown());

    assertThat(rules.remove(id)).isTrue();
    assertThat(faultOf(rules.decide(GET_POLICY))).contains(Fault.SLOW_DOWN);
    rules.clear();
    assertThat(rules.decide(GET_POLICY)).isEqualTo(FaultRules.Decision.FORWARD);
  }

  @Test
  void readsAndWritesTheControlApisJson() {
    FaultRule rule =
        FaultRule.fromJson(
            Json.parseObject(
                "{\"fault\":\"slow_down\",\"operation\":\"Get*\",\"access\":\"READ\","
                    + "\"bucket\":\"app-*\",\"probability\":0.3,\"times\":5,\"seed\":9,"
                    + "\"delayMillis\":20}"));

    assertThat(rule)
        .isEqualTo(
            FaultRule.slowDown()
                .onOperation("Get*")
                .onReads()
                .onBucket("app-*")
                .withProbability(0.3)
                .times(5)
                .withSeed(9)
                .withDelay(Duration.ofMillis(20)));
    assertThat(FaultRule.fromJson(rule.toJson())).isEqualTo(rule);
    assertThat(FaultRule.fromJson(Map.of("fault", "RESET"))).isEqualTo(FaultRule.reset());
  }

  @Test
  void rejectsRulesThatCannotMeanAnything() {
    assertThatThrownBy(() -> FaultRule.fromJson(Map.of("fault", "SLOW_DOWN", "operaton", "Get*")))
        .hasMessageContaining("unknown rule field: operaton");
    assertThatThrownBy(() -> FaultRule.fromJson(Map.of("fault", "DELAY")))
        .hasMessageContaining("delayMillis");
    assertThatThrownBy(() -> FaultRule.slowDown().withProbability(1.5))
        .hasMessageContaining("probability");
    assertThatThrownBy(() -> FaultRule.fromJson(Map.of("fault", "EXPLODE")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Boolean> draws(FaultRule rule) {
    FaultRules rules = new FaultRules();
    rules.add(rule);
    List<Boolean> result = new ArrayList<>();
    IntStream.range(0, 1000).forEach(i -> result.add(rules.decide(GET_POLICY).fault().isPresent()));
    return result;
  }

  private static Optional<Fault> faultOf(FaultRules.Decision decision) {
    return decision.fault();
  }

  private static AwsOperation s3(String name, String bucket, Access access) {
    return new AwsOperation(Protocol.S3_REST, "s3", name, Optional.of(bucket), access);
  }
}
