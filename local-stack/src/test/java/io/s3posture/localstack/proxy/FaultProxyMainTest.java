package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultProxyMainTest {

  @Test
  void parsesTheLaunchersOptions() {
    FaultProxyMain.Options options =
        FaultProxyMain.Options.parse(
            new String[] {
              "--upstream",
              "http://127.0.0.1:5000",
              "--port",
              "0",
              "--control-port",
              "7001",
              "--paginate-list-buckets",
              "--rule",
              "{\"fault\":\"DELAY\",\"delayMillis\":50}",
              "--env-file",
              "target/proxy.env"
            });

    assertThat(options.upstream()).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(options.controlPort()).isEqualTo(7001);
    assertThat(options.paginate()).isTrue();
    assertThat(options.rules()).containsExactly(FaultRule.latency(Duration.ofMillis(50)));
    assertThat(options.envFile()).isEqualTo(Optional.of(Path.of("target/proxy.env")));
  }

  @Test
  void needsAnUpstream() {
    assertThatThrownBy(() -> FaultProxyMain.Options.parse(new String[] {"--port", "1"}))
        .hasMessageContaining("--upstream is required");
    assertThatThrownBy(() -> FaultProxyMain.Options.parse(new String[] {"--upstream"}))
        .hasMessageContaining("needs a value");
  }
}
