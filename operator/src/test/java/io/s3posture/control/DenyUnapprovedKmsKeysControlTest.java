package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static io.s3posture.control.ControlsSpecBuilder.on;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.EncryptionSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DenyUnapprovedKmsKeysControlTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARN = "arn:aws:s3:::b";
  private static final String K1 = "arn:aws:kms:eu-west-1:111122223333:key/k1";
  private static final String K2 = "arn:aws:kms:eu-west-1:111122223333:key/k2";
  private static final DenyUnapprovedKmsKeysControl.ApprovedKeys APPROVED =
      new DenyUnapprovedKmsKeysControl.ApprovedKeys(Set.of(K1, K2));

  private final DenyUnapprovedKmsKeysControl control = new DenyUnapprovedKmsKeysControl();

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static String policy(String... statements) {
    return q("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
  }

  private static final String OURS =
      "{'Sid':'S3PostureDenyUnapprovedKmsKeys','Effect':'Deny','Principal':'*',"
          + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::b/*','Condition':{"
          + "'StringNotEquals':{'s3:x-amz-server-side-encryption-aws-kms-key-id':["
          + "'arn:aws:kms:eu-west-1:111122223333:key/k1','arn:aws:kms:eu-west-1:111122223333:key/k2']},"
          + "'Null':{'s3:x-amz-server-side-encryption-aws-kms-key-id':'false'}}}";

  @Test
  void theStatementDeniesUploadsNamingAnUnapprovedKeyAndNothingElse() throws Exception {
    assertThat(DenyUnapprovedKmsKeysControl.statement(ARN, APPROVED))
        .isEqualTo(JSON.readTree(q(OURS)));
  }

  @Test
  void theApprovedKeysAreTheEncryptionControlsAndItNeedsIt() {
    EncryptionSpec encryption =
        new EncryptionSpec(EncryptionAlgorithm.SSE_KMS, K1, null, List.of(K2), null);

    assertThat(
            control.desired(controls().encryption(encryption).denyUnapprovedKmsKeys(on()).build()))
        .contains(APPROVED);
    assertThat(control.desired(controls().denyUnapprovedKmsKeys(on()).build())).isEmpty();
  }

  @Test
  void withoutApprovedKeysEveryUploadNamingAKeyIsDenied() {
    assertThat(
            DenyUnapprovedKmsKeysControl.statement(
                    ARN, new DenyUnapprovedKmsKeysControl.ApprovedKeys(Set.of()))
                .path("Condition")
                .has("StringNotEquals"))
        .isFalse();
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("no policy", null, List.of("statement[S3PostureDenyUnapprovedKmsKeys]:PUT")),
        Arguments.of("ours", policy(OURS), List.of()),
        Arguments.of(
            "the same under another Sid, keys reordered",
            policy(
                OURS.replace("S3PostureDenyUnapprovedKmsKeys", "KmsGuard")
                    .replace(
                        "key/k1','arn:aws:kms:eu-west-1:111122223333:key/k2",
                        "key/k2','arn:aws:kms:eu-west-1:111122223333:key/k1")),
            List.of()),
        Arguments.of(
            "an approved key missing",
            policy(OURS.replace(",'arn:aws:kms:eu-west-1:111122223333:key/k2'", "")),
            List.of("statement[S3PostureDenyUnapprovedKmsKeys]:PUT")),
        Arguments.of(
            "an attacker's key approved too",
            policy(OURS.replace("key/k2'", "key/k2','arn:aws:kms:eu-west-1:666666666666:key/x'")),
            List.of("statement[S3PostureDenyUnapprovedKmsKeys]:PUT")),
        Arguments.of(
            "IfExists: would deny uploads naming no key",
            policy(OURS.replace("StringNotEquals", "StringNotEqualsIfExists")),
            List.of("statement[S3PostureDenyUnapprovedKmsKeys]:PUT")),
        Arguments.of(
            "without the Null condition",
            policy(
                OURS.replace(
                    ",'Null':{'s3:x-amz-server-side-encryption-aws-kms-key-id':'false'}", "")),
            List.of("statement[S3PostureDenyUnapprovedKmsKeys]:PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(String name, String json, List<String> drift) {
    assertThat(
            DriftSummary.of(
                control.diff(APPROVED, new BucketPolicyView(ARN, Optional.ofNullable(json)))))
        .isEqualTo(drift);
  }

  @Test
  void driftSaysWhichKeysAreApproved() {
    assertThat(control.diff(APPROVED, new BucketPolicyView(ARN, Optional.empty())).expected())
        .isEqualTo(
            "statement[S3PostureDenyUnapprovedKmsKeys]=Deny s3:PutObject naming a KMS key other"
                + " than "
                + K1
                + ", "
                + K2);
  }
}
