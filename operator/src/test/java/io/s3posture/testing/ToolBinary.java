package io.s3posture.testing;

import io.s3posture.localstack.StackTools;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A binary from the project's tool cache ({@code make tools}: helm, glua, promtool, ...), found
 * where the local stack finds its own ({@code S3POSTURE_TOOLS_BIN} or the default cache).
 */
public final class ToolBinary {

  private ToolBinary() {}

  /** The executable {@code name} or an error that says how to get it. */
  public static Path require(String name) {
    Path path = StackTools.defaultBinDir().resolve(name);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          name
              + " not found at "
              + path
              + ": run `make tools` to build it into the tool cache (or point "
              + StackTools.TOOLS_BIN_ENV
              + " at a directory that has it).");
    }
    return path;
  }
}
