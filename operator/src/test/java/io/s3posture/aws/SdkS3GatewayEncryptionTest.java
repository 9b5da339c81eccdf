package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.StubHttpServer;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SSE-C block (BlockedEncryptionTypes inside the default-encryption rule) against S3's real
 * XML: read into the domain record and written back exactly. moto 5.2.1 accepts the element on
 * PutBucketEncryption but drops it from GetBucketEncryption, so the round trip is proven here.
 */
class SdkS3GatewayEncryptionTest {

  private static final String BUCKET = "b";
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";
  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private static final SdkS3Gateway gateway = stub.gateway(Optional.empty());

  private static String rule(String inner) {
    return XML
        + "<ServerSideEncryptionConfiguration"
        + NS
        + "><Rule>"
        + inner
        + "</Rule></ServerSideEncryptionConfiguration>";
  }

  @Test
  void aBlockedSseCIsRead() {
    stub.answer(
        200,
        rule(
            "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>"
                + KEY
                + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                + "<BucketKeyEnabled>true</BucketKeyEnabled>"
                + "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>"
                + "</BlockedEncryptionTypes>"));

    DefaultEncryption read = gateway.defaultEncryption(BUCKET);

    assertThat(read)
        .isEqualTo(new DefaultEncryption("aws:kms", Optional.of(KEY), true, Set.of("SSE-C")));
    assertThat(read.blocksSseC()).isTrue();
  }

  @Test
  void anExplicitNoneIsReadAsNone() {
    stub.answer(
        200,
        rule(
            "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault>"
                + "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType>"
                + "</BlockedEncryptionTypes>"));

    DefaultEncryption read = gateway.defaultEncryption(BUCKET);

    assertThat(read.blockedEncryptionTypes()).containsExactly("NONE");
    assertThat(read.blocksSseC()).isFalse();
  }

  @Test
  void aRuleWithoutTheElementBlocksNothing() {
    stub.answer(
        200,
        rule(
            "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault>"));

    assertThat(gateway.defaultEncryption(BUCKET)).isEqualTo(DefaultEncryption.SSE_S3);
    assertThat(gateway.defaultEncryption(BUCKET).blockedEncryptionTypes()).isEmpty();
  }

  @Test
  void aRuleWithOnlyTheBlockIsSseS3WithTheBlock() {
    stub.answer(
        200,
        rule(
            "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>"
                + "</BlockedEncryptionTypes>"));

    assertThat(gateway.defaultEncryption(BUCKET))
        .isEqualTo(DefaultEncryption.SSE_S3.withBlockedEncryptionTypes(Set.of("SSE-C")));
  }

  @Test
  void theWriteSendsTheBlockBack() {
    stub.answer(200, "");

    gateway.putDefaultEncryption(
        BUCKET, new DefaultEncryption("aws:kms", Optional.of(KEY), true, Set.of("SSE-C")));

    StubHttpServer.Request put = stub.requests().get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.query()).startsWith("encryption");
    assertThat(put.body())
        .contains(
            "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>"
                + KEY
                + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                + "<BucketKeyEnabled>true</BucketKeyEnabled>"
                + "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>"
                + "</BlockedEncryptionTypes></Rule>");
  }

  @Test
  void aReadRuleIsWrittenBackExactly() {
    String answer =
        "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
            + "</ApplyServerSideEncryptionByDefault>"
            + "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType>"
            + "</BlockedEncryptionTypes>";
    stub.answer(200, rule(answer));
    DefaultEncryption read = gateway.defaultEncryption(BUCKET);
    stub.answer(200, "");

    gateway.putDefaultEncryption(BUCKET, read);

    assertThat(stub.requests().get(0).body()).contains("<Rule>" + answer + "</Rule>");
  }

  @Test
  void noElementIsSentWhenNothingIsBlocked() {
    stub.answer(200, "");

    gateway.putDefaultEncryption(BUCKET, DefaultEncryption.SSE_S3);

    assertThat(stub.requests().get(0).body())
        .contains("<SSEAlgorithm>AES256</SSEAlgorithm>")
        .doesNotContain("BlockedEncryptionTypes");
  }
}
