package io.s3posture.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A single-member etcd on loopback with its data in a throwaway directory. */
final class EtcdServer implements AutoCloseable {

  private final ServerProcess process;
  private final URI clientUrl;

  private EtcdServer(ServerProcess process, URI clientUrl) {
    this.process = process;
    this.clientUrl = clientUrl;
  }

  static EtcdServer start(Path binary, Path workDir, Duration timeout) {
    URI clientUrl = URI.create("http://127.0.0.1:" + LoopbackPorts.free());
    String peerUrl = "http://127.0.0.1:" + LoopbackPorts.free();
    List<String> command =
        List.of(
            binary.toString(),
            "--name=local",
            "--data-dir=" + workDir.resolve("etcd-data"),
            "--listen-client-urls=" + clientUrl,
            "--advertise-client-urls=" + clientUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=local=" + peerUrl,
            // test data only: fsync makes a 2-core machine crawl and buys nothing here
            "--unsafe-no-fsync=true",
            "--quota-backend-bytes=4294967296");
    ServerProcess process =
        ServerProcess.start("etcd", command, Map.of(), workDir.resolve("logs/etcd.log"));
    HttpProbe probe = HttpProbe.plain();
    process.awaitReady(() -> probe.isOk(clientUrl.resolve("/health")), timeout);
    return new EtcdServer(process, clientUrl);
  }

  URI clientUrl() {
    return clientUrl;
  }

  @Override
  public void close() {
    process.close();
  }
}
