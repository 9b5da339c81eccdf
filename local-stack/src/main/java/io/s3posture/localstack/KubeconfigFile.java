package io.s3posture.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a kubeconfig for the local API server's admin user (usable by kubectl and fabric8). */
final class KubeconfigFile {

  private KubeconfigFile() {}

  static Path write(Path file, URI server, Path caCertificate, String token) {
    try {
      String caData =
          Base64.getEncoder()
              .encodeToString(Files.readString(caCertificate).getBytes(StandardCharsets.UTF_8));
      String yaml =
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: local",
              "  cluster:",
              "    server: " + server,
              "    certificate-authority-data: " + caData,
              "users:",
              "- name: admin",
              "  user:",
              "    token: " + token,
              "contexts:",
              "- name: local",
              "  context:",
              "    cluster: local",
              "    user: admin",
              "    namespace: default",
              "current-context: local",
              "");
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
