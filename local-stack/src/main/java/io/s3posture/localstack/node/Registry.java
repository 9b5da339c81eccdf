package io.s3posture.localstack.node;

import io.s3posture.localstack.HttpProbe;
import io.s3posture.localstack.LoopbackPorts;
import io.s3posture.localstack.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An OCI registry (distribution's {@code registry}) on loopback, plain HTTP: images pushed with
 * skopeo and pulled by containerd, the chart pushed with {@code helm push} and installed from
 * {@code oci://}.
 */
public final class Registry implements AutoCloseable {

  private final ServerProcess process;
  private final String host;

  private Registry(ServerProcess process, String host) {
    this.process = process;
    this.host = host;
  }

  static Registry start(NodeTools tools, Path dir) {
    int port = LoopbackPorts.free();
    String host = "127.0.0.1:" + port;
    String config =
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s/data
          delete:
            enabled: true
        http:
          addr: %s
        """
            .formatted(dir, host);
    try {
      Files.createDirectories(dir);
      Path configFile = dir.resolve("config.yml");
      Files.writeString(configFile, config);
      ServerProcess process =
          ServerProcess.start(
              "registry",
              List.of(tools.registry().toString(), "serve", configFile.toString()),
              Map.of("OTEL_TRACES_EXPORTER", "none"),
              dir.resolve("registry.log"));
      HttpProbe probe = HttpProbe.plain();
      process.awaitReady(
          () -> probe.isOk(URI.create("http://" + host + "/v2/")), Duration.ofSeconds(30));
      return new Registry(process, host);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}: image references start with it, {@code oci://} URLs too. */
  public String host() {
    return host;
  }

  @Override
  public void close() {
    process.close();
  }
}
