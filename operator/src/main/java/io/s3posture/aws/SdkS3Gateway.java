package io.s3posture.aws;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BlockedEncryptionTypes;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * {@link S3Gateway} over the AWS SDK. Sends ExpectedBucketOwner on every bucket call when the
 * account is known, so a bucket name now owned by someone else is never read or written.
 */
public final class SdkS3Gateway implements S3Gateway {

  private final S3Client s3;
  private final String expectedOwner;
  private final Supplier<S3ControlClient> s3Control;

  /** A gateway without S3 Control: access points cannot be read (tests of S3 alone). */
  public SdkS3Gateway(S3Client s3, Optional<String> expectedOwner) {
    this(
        s3,
        expectedOwner,
        () -> {
          throw new IllegalStateException("this gateway has no S3 Control client");
        });
  }

  /** {@code s3Control}: for the access points, in the same region, built when first needed. */
  public SdkS3Gateway(
      S3Client s3, Optional<String> expectedOwner, Supplier<S3ControlClient> s3Control) {
    this.s3 = s3;
    this.expectedOwner = expectedOwner.orElse(null);
    this.s3Control = s3Control;
  }

  @Override
  public Optional<String> expectedOwner() {
    return Optional.ofNullable(expectedOwner);
  }

  @Override
  public String arnPartition() {
    String region = s3.serviceClientConfiguration().region().id();
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  @Override
  public List<BucketSummary> listBuckets(Optional<String> region) {
    return call(
        "ListBuckets",
        () ->
            s3
                .listBucketsPaginator(
                    request -> request.maxBuckets(1000).bucketRegion(region.orElse(null)))
                .buckets()
                .stream()
                .map(b -> new BucketSummary(b.name(), Optional.ofNullable(b.bucketRegion())))
                .filter(b -> region.isEmpty() || b.region().map(region.get()::equals).orElse(true))
                .toList());
  }

  @Override
  public String bucketRegion(String bucket) {
    String constraint =
        call(
            "GetBucketLocation",
            () ->
                s3.getBucketLocation(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                    .locationConstraintAsString());
    if (constraint == null || constraint.isEmpty()) {
      return "us-east-1";
    }
    return "EU".equals(constraint) ? "eu-west-1" : constraint;
  }

  @Override
  public Map<String, String> bucketTags(String bucket) {
    return read(
        "GetBucketTagging",
        Set.of("NoSuchTagSet"),
        Map.of(),
        () ->
            s3
                .getBucketTagging(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                .tagSet()
                .stream()
                .collect(Collectors.toMap(tag -> tag.key(), tag -> tag.value(), (a, b) -> b)));
  }

  @Override
  public PublicAccessBlock publicAccessBlock(String bucket) {
    return read(
        "GetPublicAccessBlock",
        Set.of("NoSuchPublicAccessBlockConfiguration"),
        PublicAccessBlock.NONE,
        () -> {
          var c =
              s3.getPublicAccessBlock(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                  .publicAccessBlockConfiguration();
          return PublicAccessBlock.of(
              c.blockPublicAcls(),
              c.ignorePublicAcls(),
              c.blockPublicPolicy(),
              c.restrictPublicBuckets());
        });
  }

  @Override
  public void putPublicAccessBlock(String bucket, PublicAccessBlock block) {
    run(
        "PutPublicAccessBlock",
        () ->
            s3.putPublicAccessBlock(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .publicAccessBlockConfiguration(
                            c ->
                                c.blockPublicAcls(block.blockPublicAcls())
                                    .ignorePublicAcls(block.ignorePublicAcls())
                                    .blockPublicPolicy(block.blockPublicPolicy())
                                    .restrictPublicBuckets(block.restrictPublicBuckets()))));
  }

  @Override
  public DefaultEncryption defaultEncryption(String bucket) {
    return read(
        "GetBucketEncryption",
        Set.of("ServerSideEncryptionConfigurationNotFoundError"),
        DefaultEncryption.SSE_S3,
        () ->
            encryption(
                s3.getBucketEncryption(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))));
  }

  private static DefaultEncryption encryption(GetBucketEncryptionResponse response) {
    List<ServerSideEncryptionRule> rules = response.serverSideEncryptionConfiguration().rules();
    if (rules.isEmpty()) {
      return DefaultEncryption.SSE_S3;
    }
    ServerSideEncryptionRule rule = rules.get(0);
    if (rule.applyServerSideEncryptionByDefault() == null) {
      return DefaultEncryption.SSE_S3.withBlockedEncryptionTypes(
          blockedEncryptionTypes(rule.blockedEncryptionTypes()));
    }
    ServerSideEncryptionByDefault sse = rule.applyServerSideEncryptionByDefault();
    return new DefaultEncryption(
        sse.sseAlgorithmAsString(),
        Optional.ofNullable(sse.kmsMasterKeyID()).filter(key -> !key.isBlank()),
        isTrue(rule.bucketKeyEnabled()),
        blockedEncryptionTypes(rule.blockedEncryptionTypes()));
  }

  private static Set<String> blockedEncryptionTypes(BlockedEncryptionTypes blocked) {
    if (blocked == null || !blocked.hasEncryptionType()) {
      return Set.of();
    }
    return new LinkedHashSet<>(blocked.encryptionTypeAsStrings());
  }

  @Override
  public void putDefaultEncryption(String bucket, DefaultEncryption encryption) {
    ServerSideEncryptionByDefault.Builder sse =
        ServerSideEncryptionByDefault.builder().sseAlgorithm(encryption.algorithm());
    encryption.kmsKeyId().ifPresent(sse::kmsMasterKeyID);
    ServerSideEncryptionRule.Builder rule =
        ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(sse.build());
    if (encryption.usesKms()) {
      rule.bucketKeyEnabled(encryption.bucketKey());
    }
    if (!encryption.blockedEncryptionTypes().isEmpty()) {
      rule.blockedEncryptionTypes(
          blocked -> blocked.encryptionTypeWithStrings(encryption.blockedEncryptionTypes()));
    }
    run(
        "PutBucketEncryption",
        () ->
            s3.putBucketEncryption(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .serverSideEncryptionConfiguration(c -> c.rules(rule.build()))));
  }

  @Override
  public VersioningState versioning(String bucket) {
    GetBucketVersioningResponse response =
        call(
            "GetBucketVersioning",
            () -> s3.getBucketVersioning(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner)));
    VersioningState.Status status =
        response.status() == BucketVersioningStatus.ENABLED
            ? VersioningState.Status.ENABLED
            : response.status() == BucketVersioningStatus.SUSPENDED
                ? VersioningState.Status.SUSPENDED
                : VersioningState.Status.NEVER_ENABLED;
    return new VersioningState(status, response.mfaDelete() == MFADeleteStatus.ENABLED);
  }

  @Override
  public void enableVersioning(String bucket) {
    run(
        "PutBucketVersioning",
        () ->
            s3.putBucketVersioning(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED))));
  }

  @Override
  public ObjectLockState objectLock(String bucket) {
    return read(
        "GetObjectLockConfiguration",
        Set.of("ObjectLockConfigurationNotFoundError"),
        ObjectLockState.OFF,
        () ->
            objectLock(
                s3.getObjectLockConfiguration(
                    r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))));
  }

  private static ObjectLockState objectLock(GetObjectLockConfigurationResponse response) {
    ObjectLockConfiguration configuration = response.objectLockConfiguration();
    if (configuration == null) {
      return ObjectLockState.OFF;
    }
    Optional<ObjectLockState.Retention> retention =
        Optional.ofNullable(configuration.rule())
            .map(ObjectLockRule::defaultRetention)
            .filter(d -> d.mode() != null)
            .map(d -> ObjectLockState.Retention.of(d.modeAsString(), d.days(), d.years()));
    return new ObjectLockState(
        configuration.objectLockEnabled() == ObjectLockEnabled.ENABLED, retention);
  }

  @Override
  public void putObjectLock(String bucket, ObjectLockState lock) {
    ObjectLockConfiguration.Builder configuration =
        ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED);
    lock.defaultRetention()
        .ifPresent(
            retention ->
                configuration.rule(
                    ObjectLockRule.builder()
                        .defaultRetention(
                            DefaultRetention.builder()
                                .mode(retention.mode())
                                .days(retention.days())
                                .years(retention.years())
                                .build())
                        .build()));
    run(
        "PutObjectLockConfiguration",
        () ->
            s3.putObjectLockConfiguration(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .objectLockConfiguration(configuration.build())));
  }

  @Override
  public Optional<ReplicationConfig> replication(String bucket) {
    return read(
        "GetBucketReplication",
        Set.of("ReplicationConfigurationNotFoundError"),
        Optional.empty(),
        () ->
            Optional.of(
                SdkModels.replication(
                    s3.getBucketReplication(
                            r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                        .replicationConfiguration())));
  }

  @Override
  public void putReplication(String bucket, ReplicationConfig replication) {
    run(
        "PutBucketReplication",
        () ->
            s3.putBucketReplication(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .replicationConfiguration(
                            SdkModels.replicationConfiguration(replication))));
  }

  @Override
  public Optional<LifecycleConfiguration> lifecycle(String bucket) {
    return read(
        "GetBucketLifecycleConfiguration",
        Set.of("NoSuchLifecycleConfiguration"),
        Optional.empty(),
        () ->
            Optional.of(
                SdkLifecycle.configuration(
                    s3.getBucketLifecycleConfiguration(
                        r -> r.bucket(bucket).expectedBucketOwner(expectedOwner)))));
  }

  @Override
  public void putLifecycle(String bucket, LifecycleConfiguration configuration) {
    run(
        "PutBucketLifecycleConfiguration",
        () ->
            s3.putBucketLifecycleConfiguration(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .transitionDefaultMinimumObjectSize(
                            configuration.transitionDefaultMinimumObjectSize().orElse(null))
                        .lifecycleConfiguration(SdkLifecycle.configuration(configuration))));
  }

  @Override
  public List<AccessPoint> accessPoints(String accountId, String bucket) {
    return SdkAccessPoints.regional(s3Control.get(), accountId, Optional.of(bucket));
  }

  @Override
  public Optional<String> bucketPolicy(String bucket) {
    return read(
        "GetBucketPolicy",
        Set.of("NoSuchBucketPolicy"),
        Optional.empty(),
        () ->
            Optional.ofNullable(
                    s3.getBucketPolicy(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                        .policy())
                .filter(policy -> !policy.isBlank()));
  }

  @Override
  public void putBucketPolicy(String bucket, String policyJson) {
    run(
        "PutBucketPolicy",
        () ->
            s3.putBucketPolicy(
                r -> r.bucket(bucket).expectedBucketOwner(expectedOwner).policy(policyJson)));
  }

  @Override
  public BucketAcl acl(String bucket) {
    return call(
        "GetBucketAcl",
        () ->
            SdkModels.acl(
                s3.getBucketAcl(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))));
  }

  @Override
  public void putAcl(String bucket, BucketAcl acl) {
    run(
        "PutBucketAcl",
        () ->
            s3.putBucketAcl(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .accessControlPolicy(SdkModels.accessControlPolicy(acl))));
  }

  @Override
  public void putPrivateAcl(String bucket) {
    run(
        "PutBucketAcl",
        () ->
            s3.putBucketAcl(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .acl(BucketCannedACL.PRIVATE)));
  }

  @Override
  public ObjectOwnership ownership(String bucket) {
    return read(
        "GetBucketOwnershipControls",
        Set.of("OwnershipControlsNotFoundError"),
        ObjectOwnership.ObjectWriter,
        () -> {
          List<OwnershipControlsRule> rules =
              s3.getBucketOwnershipControls(
                      r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                  .ownershipControls()
                  .rules();
          return rules.isEmpty()
              ? ObjectOwnership.ObjectWriter
              : ObjectOwnership.valueOf(rules.get(0).objectOwnershipAsString());
        });
  }

  @Override
  public void putOwnership(String bucket, ObjectOwnership ownership) {
    run(
        "PutBucketOwnershipControls",
        () ->
            s3.putBucketOwnershipControls(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .ownershipControls(
                            c -> c.rules(rule -> rule.objectOwnership(ownership.name())))));
  }

  @Override
  public Optional<LoggingTarget> logging(String bucket) {
    return call(
        "GetBucketLogging",
        () ->
            Optional.ofNullable(
                    s3.getBucketLogging(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner))
                        .loggingEnabled())
                .map(
                    enabled ->
                        new LoggingTarget(
                            enabled.targetBucket(),
                            enabled.targetPrefix() != null ? enabled.targetPrefix() : "")));
  }

  @Override
  public void putLogging(String bucket, LoggingTarget target) {
    run(
        "PutBucketLogging",
        () ->
            s3.putBucketLogging(
                r ->
                    r.bucket(bucket)
                        .expectedBucketOwner(expectedOwner)
                        .bucketLoggingStatus(
                            status ->
                                status.loggingEnabled(
                                    enabled ->
                                        enabled
                                            .targetBucket(target.bucket())
                                            .targetPrefix(target.prefix())))));
  }

  @Override
  public boolean hasWebsite(String bucket) {
    return read(
        "GetBucketWebsite",
        Set.of("NoSuchWebsiteConfiguration"),
        false,
        () -> {
          s3.getBucketWebsite(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner));
          return true;
        });
  }

  @Override
  public void deleteWebsite(String bucket) {
    run(
        "DeleteBucketWebsite",
        () -> s3.deleteBucketWebsite(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner)));
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  /** A read whose "not configured" error codes mean {@code absent}. */
  private static <T> T read(
      String operation, Set<String> notConfiguredCodes, T absent, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null
          && notConfiguredCodes.contains(e.awsErrorDetails().errorCode())) {
        return absent;
      }
      throw AwsErrorClassifier.classify(operation, e);
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }

  private static void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }
}
