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
 * The kubelet, registering the node with the API server and running its pods through containerd.
 * Every directory it writes is under the node's work directory, and its ports are free ones. What
 * these machines need (docs/install.md): cgroup v1 allowed, the cgroupfs driver, no swap check, no
 * QoS cgroups or node allocatable enforcement (this process's cgroups are not the machine's).
 */
final class Kubelet implements AutoCloseable {

  private final ServerProcess process;

  private Kubelet(ServerProcess process) {
    this.process = process;
  }

  static Kubelet start(
      NodeTools tools,
      Path dir,
      String nodeName,
      NodeAddresses addresses,
      Path kubeconfig,
      String runtimeEndpoint) {
    int port = LoopbackPorts.free();
    int healthzPort = LoopbackPorts.free();
    String config =
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        address: %1$s
        port: %2$d
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: %3$d
        authentication:
          anonymous:
            enabled: true
          webhook:
            enabled: false
        authorization:
          mode: AlwaysAllow
        cgroupDriver: cgroupfs
        failCgroupV1: false
        failSwapOn: false
        cgroupsPerQOS: false
        enforceNodeAllocatable: []
        containerRuntimeEndpoint: %4$s
        clusterDomain: cluster.local
        podLogsDir: %5$s/pod-logs
        volumePluginDir: %5$s/volume-plugins
        resolvConf: /etc/resolv.conf
        serializeImagePulls: false
        imageGCHighThresholdPercent: 100
        imageGCLowThresholdPercent: 99
        evictionHard:
          memory.available: 100Mi
          nodefs.available: 1%%
          imagefs.available: 1%%
        nodeStatusUpdateFrequency: 5s
        syncFrequency: 10s
        fileCheckFrequency: 10s
        shutdownGracePeriod: 0s
        """
            .formatted(addresses.nodeIp(), port, healthzPort, runtimeEndpoint, dir);
    try {
      Files.createDirectories(dir.resolve("pod-logs"));
      Path configFile = dir.resolve("config.yaml");
      Files.writeString(configFile, config);
      ServerProcess process =
          ServerProcess.start(
              "kubelet",
              List.of(
                  tools.kubelet().toString(),
                  "--config=" + configFile,
                  "--kubeconfig=" + kubeconfig,
                  "--root-dir=" + dir.resolve("root"),
                  "--cert-dir=" + dir.resolve("pki"),
                  "--hostname-override=" + nodeName,
                  "--node-ip=" + addresses.nodeIp(),
                  "--v=1"),
              Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")),
              dir.resolve("kubelet.log"));
      HttpProbe probe = HttpProbe.plain();
      URI healthz = URI.create("http://127.0.0.1:" + healthzPort + "/healthz");
      process.awaitReady(() -> probe.isOk(healthz), Duration.ofSeconds(120));
      return new Kubelet(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
