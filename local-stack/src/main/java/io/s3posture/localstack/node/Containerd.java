package io.s3posture.localstack.node;

import io.s3posture.localstack.HostCommand;
import io.s3posture.localstack.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * containerd (Debian's package) with a configuration of its own: its root, state, socket, runc root
 * and CNI directories under the node's work directory, so it never meets another containerd.
 * Settings these machines need: {@code restrict_oom_score_adj} (the pod sandbox asks for a negative
 * OOM score, which these machines refuse: without it runc fails every sandbox), cgroupfs (no
 * systemd), the pods' network namespaces under its state directory. Images come from the loopback
 * registry, over plain HTTP ({@code certs.d}).
 */
final class Containerd implements AutoCloseable {

  private final ServerProcess process;
  private final Path socket;

  private Containerd(ServerProcess process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  static Containerd start(
      NodeTools tools, Path dir, String sandboxImage, String registryHost, Path cniConfDir) {
    Path socket = dir.resolve("containerd.sock");
    Path certs = dir.resolve("certs.d");
    String config =
        """
        version = 2
        root = "%1$s/root"
        state = "%1$s/state"
        disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", \
        "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

        [grpc]
          address = "%2$s"
        [ttrpc]
          address = "%2$s.ttrpc"
        [debug]
          level = "info"

        [plugins."io.containerd.internal.v1.opt"]
          path = "%1$s/opt"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%3$s"
          restrict_oom_score_adj = true
          enable_selinux = false
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          netns_mounts_under_state_dir = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
                Root = "%1$s/runc"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "%4$s"
            conf_dir = "%5$s"
          [plugins."io.containerd.grpc.v1.cri".registry]
            config_path = "%6$s"
        """
            .formatted(dir, socket, sandboxImage, tools.cniPlugins(), cniConfDir, certs);
    String hosts =
        """
        server = "http://%1$s"

        [host."http://%1$s"]
          capabilities = ["pull", "resolve"]
        """
            .formatted(registryHost);
    try {
      Files.createDirectories(dir);
      Path configFile = dir.resolve("config.toml");
      Files.writeString(configFile, config);
      Path hostDir = certs.resolve(registryHost);
      Files.createDirectories(hostDir);
      Files.writeString(hostDir.resolve("hosts.toml"), hosts);
      ServerProcess process =
          ServerProcess.start(
              "containerd",
              List.of(tools.containerd().toString(), "--config", configFile.toString()),
              Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")),
              dir.resolve("containerd.log"));
      Containerd containerd = new Containerd(process, socket);
      process.awaitReady(
          () ->
              HostCommand.run(
                      List.of(tools.ctr().toString(), "--address", socket.toString(), "version"),
                      Map.of(),
                      10)
                  .ok(),
          Duration.ofSeconds(60));
      return containerd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path socket() {
    return socket;
  }

  /** The CRI endpoint the kubelet talks to. */
  String endpoint() {
    return "unix://" + socket;
  }

  @Override
  public void close() {
    process.close();
  }
}
