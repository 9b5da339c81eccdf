package io.s3posture.localstack.node;

import io.s3posture.localstack.StackTools;
import java.nio.file.Path;

/** Where the node's tools are expected, without requiring that they are there (clean-up). */
final class NodeToolsPaths {

  private NodeToolsPaths() {}

  static Path kubeProxy() {
    return StackTools.defaultBinDir().resolve("kube-proxy");
  }
}
