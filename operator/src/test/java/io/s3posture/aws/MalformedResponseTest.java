package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A response that cannot be parsed (cut short, corrupted on the way) says nothing about the bucket:
 * it is a transient read failure, retried, never a finding about the bucket's configuration.
 */
class MalformedResponseTest {

  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private static final SdkS3Gateway gateway = stub.gateway(Optional.empty());

  static Stream<Arguments> truncated() {
    return Stream.of(
        Arguments.of(
            "GetBucketEncryption",
            (Consumer<SdkS3Gateway>) g -> g.defaultEncryption("b"),
            "<ServerSideEncryptionConfiguration" + NS + "><Rule><ApplyServerSideEncryptionBy"),
        Arguments.of(
            "GetBucketVersioning",
            (Consumer<SdkS3Gateway>) g -> g.versioning("b"),
            "<VersioningConfiguration" + NS + "><Status>Enab"),
        Arguments.of(
            "GetBucketAcl",
            (Consumer<SdkS3Gateway>) g -> g.acl("b"),
            "<AccessControlPolicy" + NS + "><Owner><ID>x</ID></Owner><AccessControlList><Gr"),
        Arguments.of(
            "ListBuckets",
            (Consumer<SdkS3Gateway>) g -> g.listBuckets(Optional.empty()),
            "\u0000\u0001garbage<<>>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncated")
  void anUnparseableResponseIsATransientMalformedResponse(
      String operation, Consumer<SdkS3Gateway> call, String body) {
    stub.answer(200, body);

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> call.accept(gateway));

    assertThat(failure).as("%s with a cut response", operation).isNotNull();
    assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.getMessage()).startsWith(operation + " failed: ").contains("XML response");
  }
}
