package io.s3posture.localstack.node;

import io.s3posture.localstack.StackStartupException;
import io.s3posture.localstack.StackTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's programs: Kubernetes' node components, the registry and the pause binary from the tool
 * cache ({@code make tools}), containerd, runc, the CNI plugins, umoci and skopeo from Debian's
 * packages ({@code hack/install-tools.sh node}), and the cached base image.
 */
public record NodeTools(
    Path kubelet,
    Path kubeControllerManager,
    Path kubeScheduler,
    Path kubeProxy,
    Path registry,
    Path pause,
    Path containerd,
    Path ctr,
    Path runc,
    Path cniPlugins,
    Path umoci,
    Path skopeo,
    Path baseImage) {

  private static final String BUILD = "Run `make tools` (it builds it from the Go module proxy).";
  private static final String PACKAGES =
      "Run `bash hack/install-tools.sh node` as root (it installs the node's Debian packages).";

  public static NodeTools locate() {
    Path bin = StackTools.defaultBinDir();
    Path base = bin.getParent().resolve("base-image");
    return new NodeTools(
        require(bin.resolve("kubelet"), BUILD),
        require(bin.resolve("kube-controller-manager"), BUILD),
        require(bin.resolve("kube-scheduler"), BUILD),
        require(bin.resolve("kube-proxy"), BUILD),
        require(bin.resolve("registry"), BUILD),
        require(bin.resolve("pause"), BUILD),
        require(Path.of("/usr/bin/containerd"), PACKAGES),
        require(Path.of("/usr/bin/ctr"), PACKAGES),
        require(onPath("runc"), PACKAGES),
        requireDirectory(Path.of("/usr/lib/cni"), "bridge", PACKAGES),
        require(Path.of("/usr/bin/umoci"), PACKAGES),
        require(Path.of("/usr/bin/skopeo"), PACKAGES),
        requireDirectory(base, "oci/index.json", PACKAGES));
  }

  public io.s3posture.localstack.image.ImageTools imageTools() {
    return new io.s3posture.localstack.image.ImageTools(umoci, skopeo, baseRootfs(), baseLayout());
  }

  /** The base image's root filesystem: its JRE makes the class data sharing archive. */
  public Path baseRootfs() {
    return baseImage.resolve("rootfs");
  }

  /** The base image as an OCI layout (one layer, image {@code base}). */
  public Path baseLayout() {
    return baseImage.resolve("oci");
  }

  private static Path onPath(String name) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Path.of("/usr/sbin", name);
  }

  private static Path require(Path path, String how) {
    if (!Files.isExecutable(path)) {
      throw new StackStartupException(
          path.getFileName().toString(), "not found at " + path + ". " + how);
    }
    return path;
  }

  private static Path requireDirectory(Path dir, String member, String how) {
    if (!Files.exists(dir.resolve(member))) {
      throw new StackStartupException(
          dir.getFileName().toString(), dir.resolve(member) + " not found. " + how);
    }
    return dir;
  }
}
