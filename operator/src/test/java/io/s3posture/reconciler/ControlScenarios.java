package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;
import software.amazon.awssdk.services.s3.model.Type;

/** The scenarios, one per control that the operator corrects. */
final class ControlScenarios {

  static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
  static final String ROTATED_KEY =
      "arn:aws:kms:us-east-1:123456789012:key/99999999-2222-3333-4444-555555555555";
  static final String ATTACKER_KEY = "arn:aws:kms:us-east-1:666666666666:key/attacker";
  static final String ROLE = "arn:aws:iam::123456789012:role/s3-replication";
  static final String OTHER_ACCOUNT_USER =
      "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlScenarios() {}

  static Stream<ControlScenario> all() {
    return Stream.of(
        new PublicAccessBlock(),
        new Encryption(),
        new Versioning(),
        new ObjectLock(),
        new Replication(),
        new TlsOnly(),
        new AclsDisabled(),
        new NoPublicAcl(),
        new WebsiteDisabled(),
        new AccessLogging(),
        new LifecycleRetention());
  }

  static final class PublicAccessBlock implements ControlScenario {
    public String name() {
      return "publicAccessBlock";
    }

    public String controls(String bucket) {
      // blockPublicAcls is not required, and ignorePublicAcls is "not managed": neither may change
      return "publicAccessBlock: {blockPublicAcls: false, ignorePublicAcls: false}";
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack.seeder().publicAccessBlock(bucket, true, false, false, false);
    }

    public void assertCorrected(TestStack stack, String bucket) {
      var flags =
          stack.s3().getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
      assertThat(flags.blockPublicAcls()).as("kept, never turned off").isTrue();
      assertThat(flags.ignorePublicAcls()).as("not managed, left off").isFalse();
      assertThat(flags.blockPublicPolicy()).isTrue();
      assertThat(flags.restrictPublicBuckets()).isTrue();
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      var flags =
          stack.s3().getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
      assertThat(
              List.of(
                  flags.blockPublicAcls(),
                  flags.ignorePublicAcls(),
                  flags.blockPublicPolicy(),
                  flags.restrictPublicBuckets()))
          .containsExactly(true, false, false, false);
    }

    public void tamper(TestStack stack, String bucket) {
      stack.seeder().publicAccessBlock(bucket, true, false, true, false);
    }
  }

  /** The ransomware scenario: the bucket was re-keyed with an attacker's KMS key. */
  static final class Encryption implements ControlScenario {
    public String name() {
      return "encryption";
    }

    public String controls(String bucket) {
      return """
          encryption:
            algorithm: SSE-KMS
            kmsKeyArn: %s
            allowedKmsKeys: [%s]
          """
          .formatted(KEY, ROTATED_KEY);
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack.seeder().encryption(bucket, "aws:kms", ATTACKER_KEY);
    }

    public void assertCorrected(TestStack stack, String bucket) {
      ServerSideEncryptionByDefault sse = encryption(stack.s3(), bucket);
      assertThat(sse.sseAlgorithmAsString()).isEqualTo("aws:kms");
      assertThat(sse.kmsMasterKeyID()).isEqualTo(KEY);
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(encryption(stack.s3(), bucket).kmsMasterKeyID()).isEqualTo(ATTACKER_KEY);
    }

    public void tamper(TestStack stack, String bucket) {
      stack.seeder().encryption(bucket, "AES256", null);
    }

    static ServerSideEncryptionByDefault encryption(S3Client s3, String bucket) {
      return s3.getBucketEncryption(r -> r.bucket(bucket))
          .serverSideEncryptionConfiguration()
          .rules()
          .get(0)
          .applyServerSideEncryptionByDefault();
    }
  }

  static final class Versioning implements ControlScenario {
    public String name() {
      return "versioning";
    }

    public String controls(String bucket) {
      return "versioning: {}";
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {}

    public void assertCorrected(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
          .isEqualTo(BucketVersioningStatus.ENABLED);
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status()).isNull();
    }

    public void tamper(TestStack stack, String bucket) {
      stack.seeder().versioning(bucket, BucketVersioningStatus.SUSPENDED);
    }
  }

  static final class ObjectLock implements ControlScenario {
    public String name() {
      return "objectLock";
    }

    public String controls(String bucket) {
      return """
          versioning: {}
          objectLock:
            defaultRetention: {mode: Governance, days: 1}
          """;
    }

    public int managedControls() {
      return 2;
    }

    public void seedDrift(TestStack stack, String bucket) {}

    public void assertCorrected(TestStack stack, String bucket) {
      var lock =
          stack.s3().getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration();
      assertThat(lock.objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
      assertThat(lock.rule().defaultRetention().mode())
          .isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
      assertThat(lock.rule().defaultRetention().days()).isEqualTo(1);
      assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
          .isEqualTo(BucketVersioningStatus.ENABLED);
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(errorCode(() -> stack.s3().getObjectLockConfiguration(r -> r.bucket(bucket))))
          .isEqualTo("ObjectLockConfigurationNotFoundError");
    }

    public void tamper(TestStack stack, String bucket) {
      stack.seeder().objectLockRetention(bucket, ObjectLockRetentionMode.COMPLIANCE, 30);
    }
  }

  /** Replication rules matched by id: a rule someone else added stays. */
  static final class Replication implements ControlScenario {
    public String name() {
      return "replication";
    }

    public String controls(String bucket) {
      return """
          versioning: {}
          replication:
            role: %s
            rules:
              - id: to-replica
                priority: 1
                destinationBucketArn: arn:aws:s3:::%s
                storageClass: STANDARD_IA
          """
          .formatted(ROLE, replica(bucket));
    }

    public int managedControls() {
      return 2;
    }

    static String replica(String bucket) {
      return bucket + "-replica";
    }

    public void seedDrift(TestStack stack, String bucket) {
      BucketSeeder seed = stack.seeder();
      for (String b : List.of(replica(bucket), bucket + "-other")) {
        seed.create(b).versioning(b, BucketVersioningStatus.ENABLED);
      }
      seed.versioning(bucket, BucketVersioningStatus.ENABLED)
          .replication(bucket, ROLE, "someone-elses", 5, "logs/", bucket + "-other");
    }

    public void assertCorrected(TestStack stack, String bucket) {
      List<ReplicationRule> rules =
          stack.s3().getBucketReplication(r -> r.bucket(bucket)).replicationConfiguration().rules();
      assertThat(rules).extracting(ReplicationRule::id).contains("to-replica");
      ReplicationRule ours =
          rules.stream().filter(r -> r.id().equals("to-replica")).findFirst().orElseThrow();
      assertThat(ours.destination().bucket()).isEqualTo("arn:aws:s3:::" + replica(bucket));
      assertThat(ours.destination().storageClassAsString()).isEqualTo("STANDARD_IA");
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(
              stack
                  .s3()
                  .getBucketReplication(r -> r.bucket(bucket))
                  .replicationConfiguration()
                  .rules())
          .extracting(ReplicationRule::id)
          .containsExactly("someone-elses");
    }

    public void tamper(TestStack stack, String bucket) {
      stack.s3().deleteBucketReplication(r -> r.bucket(bucket));
    }
  }

  /** TLS-only merged into a policy that has someone else's statement, which must stay exact. */
  static final class TlsOnly implements ControlScenario {
    public String name() {
      return "tlsOnly";
    }

    public String controls(String bucket) {
      return "tlsOnly: {}";
    }

    public int managedControls() {
      return 1;
    }

    static String foreignStatement(String bucket) {
      return """
          {"Sid":"PartnerRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},\
          "Action":["s3:GetObject"],"Resource":"arn:aws:s3:::%s/shared/*"}"""
          .formatted(bucket);
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack
          .seeder()
          .policy(
              bucket,
              "{\"Version\":\"2012-10-17\",\"Statement\":[" + foreignStatement(bucket) + "]}");
    }

    public void assertCorrected(TestStack stack, String bucket) {
      JsonNode statements = statements(stack, bucket);
      assertThat(statements).hasSize(2);
      assertThat(statements.get(0)).isEqualTo(read(foreignStatement(bucket)));
      JsonNode ours = statements.get(1);
      assertThat(ours.path("Sid").asText()).isEqualTo("S3PostureDenyInsecureTransport");
      assertThat(ours.path("Effect").asText()).isEqualTo("Deny");
      assertThat(ours.path("Condition").path("Bool").path("aws:SecureTransport").asText())
          .isEqualTo("false");
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      JsonNode statements = statements(stack, bucket);
      assertThat(statements).hasSize(1);
      assertThat(statements.get(0)).isEqualTo(read(foreignStatement(bucket)));
    }

    public void tamper(TestStack stack, String bucket) {
      seedDrift(stack, bucket);
    }

    private static JsonNode statements(TestStack stack, String bucket) {
      return read(stack.s3().getBucketPolicy(r -> r.bucket(bucket)).policy()).path("Statement");
    }
  }

  static final class AclsDisabled implements ControlScenario {
    public String name() {
      return "aclsDisabled";
    }

    public String controls(String bucket) {
      return "aclsDisabled: {}";
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack.seeder().publicReadAcl(bucket);
    }

    public void assertCorrected(TestStack stack, String bucket) {
      assertThat(ownership(stack, bucket)).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
      assertThat(stack.s3().getBucketAcl(r -> r.bucket(bucket)).grants())
          .as("ACL reset to private before ownership changed")
          .allSatisfy(g -> assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER));
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(errorCode(() -> stack.s3().getBucketOwnershipControls(r -> r.bucket(bucket))))
          .isEqualTo("OwnershipControlsNotFoundError");
      assertThat(stack.s3().getBucketAcl(r -> r.bucket(bucket)).grants())
          .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("AllUsers"));
    }

    public void tamper(TestStack stack, String bucket) {
      stack.seeder().ownership(bucket, ObjectOwnership.OBJECT_WRITER);
    }

    private static ObjectOwnership ownership(TestStack stack, String bucket) {
      return stack
          .s3()
          .getBucketOwnershipControls(r -> r.bucket(bucket))
          .ownershipControls()
          .rules()
          .get(0)
          .objectOwnership();
    }
  }

  /** Only the public grants go; a grant to another account stays. */
  static final class NoPublicAcl implements ControlScenario {
    public String name() {
      return "noPublicAcl";
    }

    public String controls(String bucket) {
      return "noPublicAcl: {}";
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      var current = stack.s3().getBucketAcl(r -> r.bucket(bucket));
      stack
          .s3()
          .putBucketAcl(
              r ->
                  r.bucket(bucket)
                      .accessControlPolicy(
                          p ->
                              p.owner(current.owner())
                                  .grants(
                                      Stream.concat(
                                              current.grants().stream(),
                                              Stream.of(
                                                  Grant.builder()
                                                      .grantee(
                                                          g ->
                                                              g.type(Type.GROUP)
                                                                  .uri(
                                                                      "http://acs.amazonaws.com/groups/global/AllUsers"))
                                                      .permission(Permission.READ)
                                                      .build(),
                                                  Grant.builder()
                                                      .grantee(
                                                          g ->
                                                              g.type(Type.CANONICAL_USER)
                                                                  .id(OTHER_ACCOUNT_USER))
                                                      .permission(Permission.READ_ACP)
                                                      .build()))
                                          .toList())));
    }

    public void assertCorrected(TestStack stack, String bucket) {
      List<Grant> grants = stack.s3().getBucketAcl(r -> r.bucket(bucket)).grants();
      assertThat(grants)
          .noneSatisfy(g -> assertThat(String.valueOf(g.grantee().uri())).endsWith("AllUsers"));
      assertThat(grants)
          .anySatisfy(g -> assertThat(g.grantee().id()).isEqualTo(OTHER_ACCOUNT_USER));
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketAcl(r -> r.bucket(bucket)).grants())
          .anySatisfy(g -> assertThat(String.valueOf(g.grantee().uri())).endsWith("AllUsers"));
    }

    public void tamper(TestStack stack, String bucket) {
      seedDrift(stack, bucket);
    }
  }

  static final class WebsiteDisabled implements ControlScenario {
    public String name() {
      return "websiteDisabled";
    }

    public String controls(String bucket) {
      return "websiteDisabled: {}";
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack.seeder().website(bucket, "index.html");
    }

    public void assertCorrected(TestStack stack, String bucket) {
      assertThat(errorCode(() -> stack.s3().getBucketWebsite(r -> r.bucket(bucket))))
          .isEqualTo("NoSuchWebsiteConfiguration");
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketWebsite(r -> r.bucket(bucket)).indexDocument().suffix())
          .isEqualTo("index.html");
    }

    public void tamper(TestStack stack, String bucket) {
      seedDrift(stack, bucket);
    }
  }

  static final class AccessLogging implements ControlScenario {
    public String name() {
      return "accessLogging";
    }

    static String target(String bucket) {
      return bucket + "-logs";
    }

    public String controls(String bucket) {
      // the per-bucket form: each bucket logs under its own prefix
      return "accessLogging: {targetBucket: %s, targetPrefix: 'access/{bucket}/'}"
          .formatted(target(bucket));
    }

    public int managedControls() {
      return 1;
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack
          .seeder()
          .create(target(bucket))
          .logDeliveryTarget(target(bucket), "access/" + bucket + "/");
    }

    public void assertCorrected(TestStack stack, String bucket) {
      var enabled = stack.s3().getBucketLogging(r -> r.bucket(bucket)).loggingEnabled();
      assertThat(enabled).isNotNull();
      assertThat(enabled.targetBucket()).isEqualTo(target(bucket));
      assertThat(enabled.targetPrefix()).isEqualTo("access/" + bucket + "/");
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketLogging(r -> r.bucket(bucket)).loggingEnabled()).isNull();
    }

    public void tamper(TestStack stack, String bucket) {
      stack.s3().putBucketLogging(r -> r.bucket(bucket).bucketLoggingStatus(s -> {}));
    }
  }

  /**
   * A rule that keeps a year (with a transition and a multipart clean-up) and one that wipes the
   * bucket in a day; the correction disables the second and keeps the first exactly. No size
   * filters: moto drops them on read.
   */
  static final class LifecycleRetention implements ControlScenario {
    public String name() {
      return "lifecycleRetention";
    }

    public String controls(String bucket) {
      return "lifecycleRetention: {minCurrentVersionDays: 30, minNoncurrentVersionDays: 30}";
    }

    public int managedControls() {
      return 1;
    }

    static LifecycleRule keep() {
      return LifecycleRule.builder()
          .id("archive")
          .status(ExpirationStatus.ENABLED)
          .filter(f -> f.prefix("records/"))
          .transitions(t -> t.days(60).storageClass(TransitionStorageClass.GLACIER))
          .expiration(e -> e.days(365))
          .noncurrentVersionExpiration(e -> e.noncurrentDays(90))
          .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7))
          .build();
    }

    static LifecycleRule wipe(ExpirationStatus status) {
      return BucketSeeder.expiringAfter("cleanup", 1).toBuilder().status(status).build();
    }

    public void seedDrift(TestStack stack, String bucket) {
      stack.seeder().lifecycle(bucket, keep(), wipe(ExpirationStatus.ENABLED));
    }

    public void assertCorrected(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules())
          .as("the wipe rule disabled, kept as written; the other rule untouched")
          .containsExactly(keep(), wipe(ExpirationStatus.DISABLED));
    }

    public void assertStillDrifted(TestStack stack, String bucket) {
      assertThat(stack.s3().getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules())
          .containsExactly(keep(), wipe(ExpirationStatus.ENABLED));
    }

    public void tamper(TestStack stack, String bucket) {
      seedDrift(stack, bucket);
    }
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static String errorCode(Runnable call) {
    try {
      call.run();
      return "none";
    } catch (NoSuchBucketException e) {
      return "NoSuchBucket";
    } catch (S3Exception e) {
      return e.awsErrorDetails().errorCode();
    }
  }
}
