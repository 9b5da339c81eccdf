package io.s3posture.localstack.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pod sandbox image: one file, Kubernetes' pause.c compiled static (hack/install-tools.sh), run
 * as the unprivileged user 65535 as Kubernetes' own pause image does.
 */
public final class PauseImage {

  public static final String REPOSITORY = "pause";
  public static final String TAG = "3.10";

  private PauseImage() {}

  public static OciLayout build(ImageTools tools, Path pauseBinary, Path workDir) {
    try {
      OperatorImageBuilder.deleteRecursively(workDir);
      java.nio.file.Files.createDirectories(workDir.getParent());
      OciLayout layout = OciLayout.create(tools, workDir, TAG);
      layout.insert(TAG, pauseBinary, "/pause");
      layout.config(TAG, List.of("--config.entrypoint=/pause", "--config.user=65535:65535"));
      layout.gc();
      return layout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
