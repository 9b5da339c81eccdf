package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The bucket-policy controls and the SSE-C block on the real stack: the policy is read once per
 * bucket per check whatever the number of statement controls, statements the operator did not write
 * are kept, the VPC-endpoint statement exempts the operator's own principal (STS on moto), external
 * access is reported and never removed, and blocking SSE-C keeps the rest of the default-encryption
 * rule (moto drops BlockedEncryptionTypes on read: the block itself is proven against S3's XML in
 * BlockSseCWireTest).
 */
@ExtendWith(LocalStackExtension.class)
class NewDefencesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
  private static final String PARTNER = "444455556666";

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("defences").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  /** A bucket with SSE-KMS and a statement someone else wrote (for another account's role). */
  private String bucket(String prefix) {
    String bucket = stack.seeder().bucket(prefix);
    stack.seeder().bucketKeyEncryption(bucket, KEY).policy(bucket, foreignPolicy(bucket));
    return bucket;
  }

  private static String foreignPolicy(String bucket) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"PartnerReads","Effect":"Allow",
         "Principal":{"AWS":"arn:aws:iam::%s:role/reader"},
         "Action":["s3:GetObject","s3:ListBucket"],
         "Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}"""
        .formatted(PARTNER, bucket, bucket);
  }

  private JsonNode policy(String bucket) throws Exception {
    return JSON.readTree(stack.s3().getBucketPolicy(r -> r.bucket(bucket)).policy());
  }

  private static List<String> sids(JsonNode policy) {
    List<String> sids = new ArrayList<>();
    policy.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
    return sids;
  }

  @Test
  void threeStatementControlsCostOneGetBucketPolicyPerBucketPerCheck() throws Exception {
    String first = bucket("stmts-a");
    String second = bucket("stmts-b");
    long puts = operator.awsCalls("PutBucketPolicy"::equals);

    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "statements",
                """
                buckets: {names: [%s, %s]}
                controls:
                  encryption: {algorithm: SSE-KMS, kmsKeyArn: %s}
                  tlsOnly: {minimumTlsVersion: "1.2"}
                  noPublicPolicy: {}
                  denyUnapprovedKmsKeys: {}
                """
                    .formatted(first, second, KEY)));

    assertThat(policy.getStatus().buckets().compliant()).isEqualTo(2);
    assertThat(operator.awsCalls("PutBucketPolicy"::equals) - puts)
        .as("the owned statements of the three controls in one write per bucket")
        .isEqualTo(2);
    for (String bucket : List.of(first, second)) {
      JsonNode written = policy(bucket);
      assertThat(sids(written))
          .containsExactly(
              "PartnerReads",
              "S3PostureDenyInsecureTransport",
              "S3PostureDenyOldTls",
              "S3PostureDenyUnapprovedKmsKeys");
      assertThat(written.path("Statement").get(0))
          .as("kept exactly")
          .isEqualTo(JSON.readTree(foreignPolicy(bucket)).path("Statement").get(0));
    }

    long gets = operator.awsCalls("GetBucketPolicy"::equals);
    long writes = operator.awsWrites();
    policies.checkNow(policy);

    assertThat(operator.awsCalls("GetBucketPolicy"::equals) - gets)
        .as("one GetBucketPolicy per bucket per check")
        .isEqualTo(2);
    assertThat(operator.awsWrites() - writes).isZero();
    policies.delete(policy);
  }

  @Test
  void theVpcEndpointStatementExemptsTheOperatorsOwnPrincipalAndExternalAccessIsOnlyReported()
      throws Exception {
    String bucket = bucket("vpce");
    long writes = operator.awsCalls("PutBucketPolicy"::equals);

    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "vpce",
                """
                buckets: {names: [%s]}
                controls:
                  vpcEndpointOnly:
                    endpoints: [vpce-1a2b3c4d]
                    exemptPrincipals: [arn:aws:iam::123456789012:role/break-glass]
                    mode: Enforce
                  noExternalAccess: {}
                """
                    .formatted(bucket)));

    JsonNode statement = policy(bucket).path("Statement").get(1);
    assertThat(statement.path("Sid").asText()).isEqualTo("S3PostureVpcEndpointOnly");
    List<String> exempt = new ArrayList<>();
    statement
        .at("/Condition/ArnNotLikeIfExists/aws:PrincipalArn")
        .forEach(p -> exempt.add(p.asText()));
    String caller = stack.aws().callerArn();
    assertThat(exempt)
        .as("the listed principal and the operator's own (%s, from STS)", caller)
        .contains("arn:aws:iam::123456789012:role/break-glass", caller);
    assertThat(operator.awsCalls("PutBucketPolicy"::equals) - writes).isEqualTo(1);

    Finding external =
        policy.getStatus().findings().stream()
            .filter(f -> f.control().equals("noExternalAccess"))
            .findFirst()
            .orElseThrow();
    assertThat(external.state()).isEqualTo(FindingState.NeedsHuman);
    assertThat(external.observed()).contains("arn:aws:iam::" + PARTNER + ":role/reader");
    assertThat(sids(policy(bucket))).as("never removed").contains("PartnerReads");
    policies.delete(policy);
  }

  @Test
  void blockingSseCOnMotoKeepsTheRestOfTheRule() {
    String bucket = bucket("sse-c");
    long writes = operator.awsCalls("PutBucketEncryption"::equals);

    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                namespace,
                "sse-c",
                """
                buckets: {names: [%s]}
                controls:
                  blockSseC: {}
                """
                    .formatted(bucket)));
    policies.awaitStatus(policy, p -> operator.awsCalls("PutBucketEncryption"::equals) > writes);
    policies.delete(policy);

    ServerSideEncryptionRule rule =
        stack
            .s3()
            .getBucketEncryption(r -> r.bucket(bucket))
            .serverSideEncryptionConfiguration()
            .rules()
            .get(0);
    assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
        .isEqualTo("aws:kms");
    assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(KEY);
    assertThat(rule.bucketKeyEnabled()).isTrue();
  }
}
