package io.s3posture.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The runnable (shaded) jar of the Maven build: what the image ships and process-level ITs run. */
public final class OperatorJar {

  /** Relative to the operator module, where Maven runs the tests. */
  public static final Path PATH = Path.of("target", "s3-posture-operator.jar");

  private OperatorJar() {}

  /** The jar, or an error that says how to build it (failsafe runs after package). */
  public static Path require() {
    Path jar = PATH.toAbsolutePath();
    Path fromRoot = Path.of("operator").resolve(PATH).toAbsolutePath(); // benchmarks run there
    if (!Files.isRegularFile(jar) && Files.isRegularFile(fromRoot)) {
      jar = fromRoot;
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with `mvn -B package -DskipTests` (mvn verify does).");
    }
    return jar;
  }
}
