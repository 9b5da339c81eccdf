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
 * kube-proxy in iptables mode: a pod's in-cluster client reaches the API server through the {@code
 * kubernetes} Service's ClusterIP, as on any cluster. It leaves the machine's conntrack settings
 * alone; its chains are removed by {@code kube-proxy --cleanup} ({@link HostState}).
 */
final class KubeProxy implements AutoCloseable {

  private final ServerProcess process;

  private KubeProxy(ServerProcess process) {
    this.process = process;
  }

  static KubeProxy start(
      NodeTools tools, Path dir, String nodeName, NodeAddresses addresses, Path kubeconfig) {
    int healthzPort = LoopbackPorts.free();
    int metricsPort = LoopbackPorts.free();
    String config =
        """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: iptables
        hostnameOverride: %1$s
        clientConnection:
          kubeconfig: %2$s
        clusterCIDR: %3$s
        healthzBindAddress: 127.0.0.1:%4$d
        metricsBindAddress: 127.0.0.1:%5$d
        nodePortAddresses: ["%6$s/32"]
        conntrack:
          maxPerCore: 0
          min: 0
          tcpEstablishedTimeout: 0s
          tcpCloseWaitTimeout: 0s
        iptables:
          minSyncPeriod: 1s
          syncPeriod: 30s
        """
            .formatted(
                nodeName,
                kubeconfig,
                addresses.podCidr(),
                healthzPort,
                metricsPort,
                addresses.nodeIp());
    try {
      Files.createDirectories(dir);
      Path configFile = dir.resolve("config.yaml");
      Files.writeString(configFile, config);
      ServerProcess process =
          ServerProcess.start(
              "kube-proxy",
              List.of(tools.kubeProxy().toString(), "--config=" + configFile, "--v=1"),
              Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")),
              dir.resolve("kube-proxy.log"));
      HttpProbe probe = HttpProbe.plain();
      URI healthz = URI.create("http://127.0.0.1:" + healthzPort + "/livez");
      process.awaitReady(() -> probe.isOk(healthz), Duration.ofSeconds(60));
      return new KubeProxy(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
