package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which access key signed each request, and which keys STS issued, as the proxy records them. */
class SignersTest {

  private final OperationClassifier classifier = new OperationClassifier();
  private final Signers signers = new Signers();

  @Test
  void countsRequestsByTheAccessKeyOfTheirSigV4CredentialAndByBucket() {
    signed("GET", "/ledger?versioning", "ASIAROLE", "s3");
    signed("GET", "/ledger?versioning", "ASIAROLE", "s3");
    signed("PUT", "/ledger?versioning", "AKIASTATIC", "s3");
    signers.signed(
        classifier.classify(ProxyRequest.of("GET", "/other?policy", HeaderList.of())),
        ProxyRequest.of("GET", "/other?policy", HeaderList.of()));

    assertThat(signers.byOperation())
        .isEqualTo(
            Map.of(
                "s3:GetBucketVersioning", Map.of("ASIAROLE", 2L),
                "s3:PutBucketVersioning", Map.of("AKIASTATIC", 1L)));
    assertThat(signers.bucketsByKey())
        .isEqualTo(Map.of("ASIAROLE", Map.of("ledger", 2L), "AKIASTATIC", Map.of("ledger", 1L)));
  }

  @Test
  void readsTheKeyOfAPresignedRequest() {
    ProxyRequest presigned =
        ProxyRequest.of(
            "GET",
            "/ledger/object?X-Amz-Credential=ASIAPRESIGNED%2F20260101%2Fus-east-1%2Fs3%2Faws4_request",
            HeaderList.of());
    assertThat(Signers.accessKeyId(presigned)).hasValue("ASIAPRESIGNED");
  }

  @Test
  void remembersTheCredentialsStsIssuedForAWebIdentity() {
    String form =
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops"
            + "&RoleSessionName=s&WebIdentityToken=header.payload.signature";
    ProxyRequest request =
        new ProxyRequest(
            "POST",
            "/",
            "HTTP/1.1",
            HeaderList.of("Content-Type", "application/x-www-form-urlencoded"),
            form.getBytes(StandardCharsets.UTF_8));
    String answer =
        """
        <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>
          <Credentials><AccessKeyId>ASIAISSUED</AccessKeyId><SecretAccessKey>s</SecretAccessKey></Credentials>
          <AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId>
            <Arn>arn:aws:sts::123456789012:assumed-role/ops/s</Arn></AssumedRoleUser>
        </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
        """;
    AwsOperation op = classifier.classify(request);
    assertThat(op.qualifiedName()).isEqualTo("sts:AssumeRoleWithWebIdentity");

    signers.answered(op, request, ProxyResponse.of(403, HeaderList.of(), answer));
    assertThat(signers.issued()).as("a refused exchange issued nothing").isEmpty();
    signers.answered(op, request, ProxyResponse.of(200, HeaderList.of(), answer));

    assertThat(signers.issued())
        .containsExactly(
            new IssuedCredentials(
                "AssumeRoleWithWebIdentity",
                "ASIAISSUED",
                "arn:aws:sts::123456789012:assumed-role/ops/s",
                "arn:aws:iam::123456789012:role/ops",
                "header.payload.signature"));
    signers.reset();
    assertThat(signers.issued()).isEmpty();
  }

  private void signed(String method, String target, String key, String service) {
    ProxyRequest request =
        ProxyRequest.of(
            method,
            target,
            HeaderList.of(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + key
                    + "/20260101/us-east-1/"
                    + service
                    + "/aws4_request, SignedHeaders=host, Signature=abc"));
    signers.signed(classifier.classify(request), request);
  }
}
