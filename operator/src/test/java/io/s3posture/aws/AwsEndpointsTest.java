package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsEndpointsTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "https://s3.eu-west-1.amazonaws.com, true",
    "https://s3-fips.us-east-1.amazonaws.com, true",
    "https://s3.dualstack.eu-west-1.amazonaws.com, true",
    "https://bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com, true",
    "https://s3.cn-north-1.amazonaws.com.cn, true",
    "https://s3.eu-west-1.api.aws, true",
    "HTTPS://S3.EU-WEST-1.AMAZONAWS.COM, true",
    "http://127.0.0.1:5000, false",
    "http://localhost:4566, false",
    "https://minio.example.com, false",
    "https://amazonaws.com.evil.example, false",
    "https://s3.amazonaws.com.example.org, false"
  })
  void anOverrideIsAwsOnlyInAwsDomains(String endpoint, boolean aws) {
    assertThat(AwsEndpoints.isAws(Optional.of(URI.create(endpoint)))).isEqualTo(aws);
  }

  @ParameterizedTest(name = "no override")
  @CsvSource({"ignored"})
  void noOverrideIsAws(String ignored) {
    assertThat(AwsEndpoints.isAws(Optional.empty())).isTrue();
  }
}
