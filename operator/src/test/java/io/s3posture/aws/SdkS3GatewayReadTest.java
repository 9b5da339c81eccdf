package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK gateway maps S3's answers to the domain records, normalising what AWS reports (and what
 * moto does not: MFA delete, partial flags, a 0 for the unset one of days/years).
 */
class SdkS3GatewayReadTest {

  private static final String BUCKET = "b";
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private static final SdkS3Gateway gateway = stub.gateway(Optional.empty());

  private static Arguments read(
      String name, Function<SdkS3Gateway, Object> read, String body, Object expected) {
    return Arguments.of(name, read, body, expected);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        read(
            "never versioned: no status",
            g -> g.versioning(BUCKET),
            "<VersioningConfiguration" + NS + "/>",
            VersioningState.NEVER),
        read(
            "suspended with MFA delete",
            g -> g.versioning(BUCKET),
            "<VersioningConfiguration"
                + NS
                + "><Status>Suspended</Status><MfaDelete>Enabled</MfaDelete>"
                + "</VersioningConfiguration>",
            new VersioningState(VersioningState.Status.SUSPENDED, true)),
        read(
            "enabled without MFA delete",
            g -> g.versioning(BUCKET),
            "<VersioningConfiguration"
                + NS
                + "><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete>"
                + "</VersioningConfiguration>",
            new VersioningState(VersioningState.Status.ENABLED, false)),
        read(
            "only some public access block flags",
            g -> g.publicAccessBlock(BUCKET),
            "<PublicAccessBlockConfiguration"
                + NS
                + "><BlockPublicAcls>true</BlockPublicAcls>"
                + "<RestrictPublicBuckets>true</RestrictPublicBuckets>"
                + "</PublicAccessBlockConfiguration>",
            new PublicAccessBlock(true, false, false, true)),
        read(
            "KMS key by id with a bucket key",
            g -> g.defaultEncryption(BUCKET),
            "<ServerSideEncryptionConfiguration"
                + NS
                + "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>1234abcd</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                + "<BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
                + "</ServerSideEncryptionConfiguration>",
            new DefaultEncryption("aws:kms", Optional.of("1234abcd"), true)),
        read(
            "AWS managed KMS key: no key id",
            g -> g.defaultEncryption(BUCKET),
            "<ServerSideEncryptionConfiguration"
                + NS
                + "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
            new DefaultEncryption("aws:kms", Optional.empty(), false)),
        read(
            "object lock with years reported as 0",
            g -> g.objectLock(BUCKET),
            "<ObjectLockConfiguration"
                + NS
                + "><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>"
                + "<Mode>GOVERNANCE</Mode><Days>30</Days><Years>0</Years>"
                + "</DefaultRetention></Rule></ObjectLockConfiguration>",
            new ObjectLockState(
                true, Optional.of(new ObjectLockState.Retention("GOVERNANCE", 30, null)))),
        read(
            "object lock without default retention",
            g -> g.objectLock(BUCKET),
            "<ObjectLockConfiguration"
                + NS
                + "><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>",
            new ObjectLockState(true, Optional.empty())),
        read(
            "ownership controls",
            g -> g.ownership(BUCKET),
            "<OwnershipControls"
                + NS
                + "><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule>"
                + "</OwnershipControls>",
            ObjectOwnership.BucketOwnerEnforced),
        read(
            "logging disabled",
            g -> g.logging(BUCKET),
            "<BucketLoggingStatus" + NS + "/>",
            Optional.empty()),
        read(
            "logging without a prefix",
            g -> g.logging(BUCKET),
            "<BucketLoggingStatus"
                + NS
                + "><LoggingEnabled><TargetBucket>logs</TargetBucket></LoggingEnabled>"
                + "</BucketLoggingStatus>",
            Optional.of(new LoggingTarget("logs", ""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void answersAreNormalised(
      String name, Function<SdkS3Gateway, Object> read, String body, Object expected) {
    stub.answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);

    assertThat(read.apply(gateway)).isEqualTo(expected);
  }
}
