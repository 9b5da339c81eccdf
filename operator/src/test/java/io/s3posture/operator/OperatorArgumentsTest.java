package io.s3posture.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code run --name=value}: the chart's extraArgs. */
class OperatorArgumentsTest {

  @Test
  void anOptionSetsTheSettingOfItsName() {
    assertThat(OperatorArguments.parse("--bucket-concurrency=16", "--watch-namespaces=a,b"))
        .containsExactly(
            Map.entry("S3POSTURE_BUCKET_CONCURRENCY", "16"),
            Map.entry("S3POSTURE_WATCH_NAMESPACES", "a,b"));
    assertThat(OperatorArguments.parse("--default-endpoint=http://x:1/?a=b"))
        .containsEntry("S3POSTURE_DEFAULT_ENDPOINT", "http://x:1/?a=b");
  }

  @Test
  void theOptionsValueReachesTheConfiguration() {
    OperatorConfig config = OperatorCommand.configure("--bucket-concurrency=16");

    assertThat(config.bucketConcurrency()).isEqualTo(16);
    assertThat(OperatorCommand.configure("--reports=true").reports()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"verbose", "--bucket-concurrency", "-x=1", "--Bucket=1", "--=1"})
  void malformedOptionsAreRejected(String arg) {
    assertThatThrownBy(() -> OperatorArguments.parse(arg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(arg);
  }

  @Test
  void anOptionThatSetsNothingIsAnError() {
    assertThatThrownBy(() -> OperatorCommand.configure("--bucket-concurency=16", "--x-y=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option(s) --bucket-concurency, --x-y:");
  }

  @Test
  void invalidValuesAreRejectedBeforeAnythingStarts() {
    assertThatThrownBy(() -> OperatorCommand.configure("--log-format=yaml"))
        .hasMessage("S3POSTURE_LOG_FORMAT must be text or json, got 'yaml'");
    assertThatThrownBy(() -> OperatorCommand.configure("--log-level=verbose"))
        .hasMessageContaining("S3POSTURE_LOG_LEVEL must be one of");
    assertThatThrownBy(() -> OperatorCommand.configure("--bucket-concurrency=many"))
        .hasMessageContaining("S3POSTURE_BUCKET_CONCURRENCY");
    assertThat(System.getProperty("S3POSTURE_LOG_FORMAT")).isNull();
  }
}
