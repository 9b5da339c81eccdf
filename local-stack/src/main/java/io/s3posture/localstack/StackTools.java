package io.s3posture.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the local stack's binaries live. {@code make tools} builds them into a cache outside the
 * repository; {@code S3POSTURE_TOOLS_BIN} points elsewhere.
 */
public record StackTools(Path etcd, Path kubeApiServer, Path motoServer) {

  public static final String TOOLS_BIN_ENV = "S3POSTURE_TOOLS_BIN";

  public static Path defaultBinDir() {
    String override = System.getenv(TOOLS_BIN_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path cacheDir =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cacheDir.resolve("s3-posture-operator").resolve("tools").resolve("bin");
  }

  /** Finds every binary or throws a message that names the missing tool and how to get it. */
  public static StackTools locate() {
    Path bin = defaultBinDir();
    return new StackTools(
        require(bin.resolve("etcd"), "etcd"),
        require(bin.resolve("kube-apiserver"), "kube-apiserver"),
        require(bin.resolve("moto_server"), "moto_server"));
  }

  static Path require(Path path, String tool) {
    return Optional.of(path)
        .filter(Files::isExecutable)
        .orElseThrow(
            () ->
                new StackStartupException(
                    tool,
                    "not found at "
                        + path
                        + ". Run `make tools` to build it from the Go module proxy (or set "
                        + TOOLS_BIN_ENV
                        + ")."));
  }
}
